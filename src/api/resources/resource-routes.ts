// The verbs of the contract for any kind: list, create, get, replace, patch (patch.ts: every
// patch type and server-side apply), delete, and deletecollection (delete-collection.ts); dry
// runs (dry-run.ts) and field validation (field-validation.ts) on every write.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TObject, type TOptional, type TString } from 'typebox';
import { type KubeObject, Status } from '../../schemas/meta.js';
import type { Store } from '../../store/types.js';
import { nameCreated } from '../http/authorize.js';
import { ApiError, notFound } from '../http/errors.js';
import { withUpdateEntry } from '../patch/managed-fields.js';
import { patchHandler } from '../patch/patch.js';
import { PatchBody, PatchQuery, patchTypesOf, requirePatchType } from '../patch/patch-types.js';
import { ListQuery, listObjects } from './list-query.js';
import { DeleteQuery, WriteQuery } from '../http/query-parameters.js';
import { WATCHING, watchOrCheckList } from '../watch/list-watch.js';
import { WatchQuery } from '../watch/watch-query.js';
import { fieldsMatch } from '../../lib/field-selector.js';
import { prepareCreate, prepareReplace } from './object-lifecycle.js';
import {
  type ResourceDefinition,
  apiVersionOf,
  collectionPath,
  errorTarget,
  inputSchemaOf,
} from './resource-definition.js';
import { storeCall } from '../http/store-errors.js';
import { mediaTypeOf } from '../../lib/media-type.js';
import { deleteOptionsOf } from './delete-options.js';
import { registerDeleteCollection } from './delete-collection.js';
import { isDryRun, writesFor } from './dry-run.js';
import { fieldValidationHook } from './field-validation.js';

interface Params {
  namespace?: string;
  name?: string;
}

/** A preValidation hook: runs before the body is validated, so a wrong type is a 415 first. */
export const requireMediaType =
  (expected: string) =>
  async (request: FastifyRequest): Promise<void> => {
    const given = mediaTypeOf(request.headers['content-type']);
    if (given !== expected) {
      throw new ApiError(
        415,
        'UnsupportedMediaType',
        `the body of ${request.method} must be sent as ${expected}, not "${given || 'none'}"`,
      );
    }
  };

export function registerResource(server: FastifyInstance, def: ResourceDefinition, store: Store): void {
  // Typed from the route schemas: params and queries need no casts.
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const tags = [def.kind];
  const security = [{ bearerAuth: [] }];
  // `resource` tells discovery, the Kubernetes OpenAPI documents and Tables what a route serves.
  const config = { kind: def.kind, access: 'admin' as const, resource: def };
  // List routes also watch (?watch=true): `watches` adds the verb to discovery.
  const listConfig = { ...config, watches: true };
  const listQuery = Type.Object({ ...ListQuery.properties, ...WatchQuery.properties });
  // Only namespaced kinds' paths hold a namespace: typed optional, so one handler serves both.
  const keyParams = (
    def.namespaced
      ? Type.Object({ namespace: Type.String(), name: Type.String() })
      : Type.Object({ name: Type.String() })
  ) as TObject<{ namespace: TOptional<TString>; name: TString }>;
  const collectionParams = def.namespaced ? { params: Type.Object({ namespace: Type.String() }) } : {};
  const input = inputSchemaOf(def);
  const answers = (ok: unknown, code = 200) => ({ [code]: ok, default: Status });
  const keyOf = (p: Params) => ({
    kind: def.kind,
    namespace: def.namespaced ? (p.namespace ?? '') : '',
    name: p.name ?? '',
  });
  const load = async (p: Params) => {
    const object = await store.get(keyOf(p));
    if (!object) throw notFound(errorTarget(def, p.name));
    return object;
  };
  const shown = async (object: KubeObject) => {
    await def.present?.([object]);
    return object;
  };
  const list = async (namespace: string | undefined, request: FastifyRequest, reply: FastifyReply) => {
    const parsed = await watchOrCheckList(store, def, namespace, request, reply);
    if (parsed === WATCHING) return reply;
    const page = await listObjects(store, def.kind, namespace, request.query as ListQuery, (o) =>
      fieldsMatch(parsed.fields, o),
    );
    await def.present?.(page.items);
    return {
      apiVersion: apiVersionOf(def),
      kind: `${def.kind}List`,
      metadata: {
        resourceVersion: String(page.resourceVersion),
        ...(page.continueToken ? { continue: page.continueToken } : {}),
      },
      items: page.items,
    };
  };

  app.get(
    collectionPath(def),
    {
      schema: {
        tags,
        security,
        summary: `List ${def.kind}s`,
        ...collectionParams,
        querystring: listQuery,
        response: answers(def.listSchema),
      },
      config: listConfig,
    },
    async (request, reply) => list((request.params as Params).namespace, request, reply),
  );

  if (def.namespaced) {
    app.get(
      collectionPath(def, false),
      {
        schema: {
          tags,
          security,
          summary: `List ${def.kind}s in all namespaces`,
          querystring: listQuery,
          response: answers(def.listSchema),
        },
        config: listConfig,
      },
      async (request, reply) => list(undefined, request, reply),
    );
  }

  app.post(
    collectionPath(def),
    {
      schema: {
        tags,
        security,
        summary: `Create a ${def.kind}`,
        ...collectionParams,
        querystring: WriteQuery,
        body: input,
        response: answers(def.schema, 201),
      },
      config,
      preValidation: [requireMediaType('application/json'), fieldValidationHook(def, input)],
    },
    async (request, reply) => {
      const prepared = prepareCreate(def, request.body as KubeObject, (request.params as Params).namespace);
      const object = withUpdateEntry(def, request, undefined, prepared);
      nameCreated(request, object.metadata.name);
      const writes = writesFor(store, isDryRun(request));
      const created = await storeCall(errorTarget(def, object.metadata.name), () => writes.create(object));
      // A generated name (metadata.generateName) is known only now.
      nameCreated(request, created.metadata.name);
      return reply.code(201).send(await shown(created));
    },
  );

  const itemPath = `${collectionPath(def)}/:name`;
  app.get(
    itemPath,
    {
      schema: { tags, security, summary: `Read a ${def.kind}`, params: keyParams, response: answers(def.schema) },
      config,
    },
    async (request) => shown(await load(request.params)),
  );

  app.put(
    itemPath,
    {
      schema: {
        tags,
        security,
        summary: `Replace a ${def.kind} (send back the resourceVersion you read)`,
        params: keyParams,
        querystring: WriteQuery,
        body: input,
        response: answers(def.schema),
      },
      config,
      preValidation: [requireMediaType('application/json'), fieldValidationHook(def, input)],
    },
    async (request) => {
      const { params } = request;
      const body = request.body as KubeObject;
      const current = await load(params);
      const next = withUpdateEntry(
        def,
        request,
        current,
        prepareReplace(def, current, body, params.namespace, params.name),
      );
      const writes = writesFor(store, isDryRun(request));
      const updated = await storeCall(errorTarget(def, params.name), () =>
        writes.update(next, { resourceVersion: body.metadata.resourceVersion }),
      );
      return shown(updated);
    },
  );

  app.patch(
    itemPath,
    {
      schema: {
        tags,
        security,
        summary:
          `Patch a ${def.kind}: JSON patch, merge patch, ${def.strategicMergePatch ? 'strategic merge patch, ' : ''}` +
          'or server-side apply, as the Content-Type says',
        params: keyParams,
        consumes: patchTypesOf(def),
        querystring: PatchQuery,
        body: PatchBody,
        response: answers(def.schema),
      },
      config,
      preValidation: [requirePatchType(def)],
    },
    patchHandler({ def, store, find: (p) => store.get(keyOf(p)), load, shown }),
  );

  app.delete(
    itemPath,
    {
      schema: {
        tags,
        security,
        params: keyParams,
        querystring: DeleteQuery,
        response: answers(def.schema),
        summary:
          `Delete a ${def.kind}; answers with the deleted object. Takes DeleteOptions (preconditions, dryRun, ` +
          'propagationPolicy, gracePeriodSeconds) in an optional body or the query',
      },
      config,
    },
    async (request) => {
      const { params } = request;
      const { preconditions, dryRun } = deleteOptionsOf(request);
      const deleted = await storeCall(errorTarget(def, params.name), () =>
        writesFor(store, dryRun).delete(keyOf(params), preconditions),
      );
      return shown(deleted);
    },
  );

  registerDeleteCollection(app, def, store);
}
