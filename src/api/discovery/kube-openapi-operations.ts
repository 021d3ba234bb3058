// The operations of the Kubernetes OpenAPI documents, one per resource route, named and marked
// as Kubernetes marks them: operationId (listAppsV1NamespacedDeployment), x-kubernetes-action
// and x-kubernetes-group-version-kind, which kubectl reads to tie a path to its kind.
import { DeleteOptions } from '../../schemas/meta.js';
import type { ResourceRoute, ServedResource } from './api-resources.js';
import type { Verb } from '../http/verbs.js';
import type { SchemaWriter } from './kube-openapi-schema.js';

type Json = Record<string, unknown>;

const OPERATION: Record<Verb, string> = {
  list: 'list',
  create: 'create',
  get: 'read',
  update: 'replace',
  patch: 'patch',
  delete: 'delete',
  deletecollection: 'deleteCollection',
  watch: 'watch',
};
const ACTION: Record<Verb, string> = {
  list: 'list',
  create: 'post',
  get: 'get',
  update: 'put',
  patch: 'patch',
  delete: 'delete',
  deletecollection: 'deletecollection',
  watch: 'watch',
};
const DESCRIBED: Record<string, string> = { 200: 'OK', 201: 'Created', default: 'A Kubernetes Status' };

const capital = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/** WorkloadKcpIoV1alpha1 for workload.kcp.io/v1alpha1, as Kubernetes spells it in operation ids. */
export const groupVersionWord = (group: string, version: string): string =>
  `${group.split('.').map(capital).join('')}${capital(version)}`;

/** The OpenAPI path of a route: `:name` becomes `{name}`. */
export const openApiPath = (url: string): string => url.replace(/:(\w+)/g, '{$1}');

export function operationId(served: ServedResource, route: ResourceRoute): string {
  const { def } = served;
  const scope = def.namespaced && !route.allNamespaces ? 'Namespaced' : '';
  // readAppsV1NamespacedDeploymentStatus, as kube-apiserver names a subresource's operations.
  const suffix = route.allNamespaces ? 'ForAllNamespaces' : route.subresource ? capital(route.subresource) : '';
  return `${OPERATION[route.verb]}${groupVersionWord(def.group, def.version)}${scope}${def.kind}${suffix}`;
}

function parameters(route: ResourceRoute, writer: SchemaWriter): Json[] {
  const v2 = writer.version === 'v2';
  const inPath = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const params: Json[] = inPath.map((name) => ({
    name,
    in: 'path',
    required: true,
    description: `the ${name} of the object`,
    ...(v2 ? { type: 'string' } : { schema: { type: 'string' } }),
  }));
  const query = route.schema.querystring as { properties?: Record<string, Json>; required?: string[] } | undefined;
  for (const [name, schema] of Object.entries(query?.properties ?? {})) {
    const { description, ...written } = writer.write(schema);
    const required = query?.required?.includes(name) ?? false;
    params.push({ name, in: 'query', description, required, ...(v2 ? written : { schema: written }) });
  }
  return params;
}

interface Body {
  schema: Json;
  required: boolean;
}

/** What the operation takes in its body: the kind, a patch, or (DELETE) optional preconditions. */
function body(served: ServedResource, route: ResourceRoute, writer: SchemaWriter): Body | undefined {
  const { verb } = route;
  // A subresource that answers another kind (deployments/scale) takes that kind too.
  const kind = route.responseKind ? (route.schema.response as Record<string, unknown>)[200] : served.def.schema;
  if (verb === 'create' || verb === 'update') return { schema: writer.whole(kind), required: true };
  if (route.verb === 'delete' || route.verb === 'deletecollection')
    return { schema: writer.whole(DeleteOptions), required: false };
  return route.schema.body ? { schema: writer.whole(route.schema.body), required: true } : undefined;
}

function responses(route: ResourceRoute, writer: SchemaWriter): Json {
  const answers = (route.schema.response ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(answers).map(([code, schema]) => {
      const written = writer.whole(schema);
      const description = DESCRIBED[code] ?? 'OK';
      const content = { 'application/json': { schema: written } };
      return [code, writer.version === 'v2' ? { description, schema: written } : { description, content }];
    }),
  );
}

export function operation(served: ServedResource, route: ResourceRoute, writer: SchemaWriter): Json {
  const { def } = served;
  const consumes = (route.schema as { consumes?: string[] }).consumes ?? ['application/json'];
  const input = body(served, route, writer);
  const params = parameters(route, writer);
  const op: Json = {
    tags: [
      `${def.group
        .split('.')
        .map((w, i) => (i === 0 ? w : capital(w)))
        .join('')}_${def.version}`,
    ],
    description: route.schema.summary,
    operationId: operationId(served, route),
  };
  if (writer.version === 'v2') {
    if (input) params.push({ name: 'body', in: 'body', required: input.required, schema: input.schema });
    Object.assign(op, input ? { consumes } : {}, { produces: ['application/json'] });
  } else if (input) {
    const content = Object.fromEntries(consumes.map((type) => [type, { schema: input.schema }]));
    op.requestBody = { required: input.required, content };
  }
  if (params.length > 0) op.parameters = params;
  op.responses = responses(route, writer);
  op['x-kubernetes-action'] = ACTION[route.verb];
  const kind = route.responseKind ?? { group: def.group, version: def.version, kind: def.kind };
  op['x-kubernetes-group-version-kind'] = kind;
  return op;
}
