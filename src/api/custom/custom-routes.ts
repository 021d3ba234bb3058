// The parametric routes of custom resources, /apis/:group/:version/[namespaces/:namespace/]:resource
// [/:name[/status]]: made from the recorded routes of a prototype kind, so each takes the query
// parameters and bodies of its verb as every kind's route does. A request finds its kind first
// (resolveCustomResource, the first check of the request gate), so authentication, RBAC, audit,
// errors and Tables see the kind's own route; the handler then runs that kind's recorded route.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { Type } from 'typebox';
import type { Store } from '../../store/types.js';
import { COLLECTION_VERBS, OBJECT_VERBS } from '../http/verbs.js';
import { asTable } from '../http/table.js';
import { ApiError } from '../http/errors.js';
import { customResource } from './custom-kinds.js';
import type { CustomKinds } from './custom-kinds.js';
import { type RecordedRoute, recordRoutes, routeKey } from './recorded-routes.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A parametric route of custom resources: the kind is found from the path at each request. */
    customResource?: boolean;
  }
}

const PROTOTYPE_GROUP = 'custom.tmc.invalid';
const PROTOTYPE_PREFIX = `/apis/${PROTOTYPE_GROUP}/v0/`;

/** The recorded routes of a kind of each scope, the models of the parametric routes. */
function prototypeRoutes(store: Store): RecordedRoute[] {
  const crd = (scope: 'Namespaced' | 'Cluster') => ({
    spec: {
      group: PROTOTYPE_GROUP,
      scope,
      names: { kind: 'CustomResource', plural: 'customresources' },
      versions: [{ name: 'v0', served: true, storage: true }],
    },
  });
  return (['Namespaced', 'Cluster'] as const).flatMap((scope) => {
    const def = customResource(crd(scope) as never, { name: 'v0', served: true, storage: true });
    return recordRoutes(def, store, true);
  });
}

const parametric = (url: string): string =>
  url.replace(PROTOTYPE_PREFIX, '/apis/:group/:version/').replace('/customresources', '/:resource');

interface CustomParams {
  group: string;
  version: string;
  resource: string;
  namespace?: string;
  name?: string;
}

const found = new WeakMap<FastifyRequest, RecordedRoute>();

/**
 * A check of the request gate, before authentication: finds the kind a custom resource request
 * names and makes its recorded route the request's route options, so every later step judges the
 * kind's route. A kind not served is judged by its group and resource (RBAC), then answered 404.
 */
export function resolveCustomResource(kinds: CustomKinds) {
  return (request: FastifyRequest): undefined => {
    const options = request.routeOptions;
    if (!options.config?.customResource || !options.url) return undefined;
    const params = request.params as CustomParams;
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const url = options.url
      .replace('/apis/:group/:version/', `/apis/${params.group}/${params.version}/`)
      .replace('/:resource', `/${params.resource}`);
    const route = kinds.find(params.group, params.version, params.resource)?.routes.get(routeKey(method, url));
    let config = route?.config;
    if (route) found.set(request, route);
    else {
      const object = params.name !== undefined;
      const verb = (object ? OBJECT_VERBS : COLLECTION_VERBS)[method] ?? method.toLowerCase();
      const subresource = options.url.endsWith('/status') ? 'status' : '';
      config = { ...options.config, authz: { verb, apiGroup: params.group, resource: params.resource, subresource } };
    }
    Object.defineProperty(request, 'routeOptions', { value: { ...options, url, config }, configurable: true });
    return undefined;
  };
}

type Hook = (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => unknown;

/** Runs a preValidation hook of either style (callback or promise). */
function runHook(app: FastifyInstance, hook: Hook, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  return new Promise((resolve, reject) => {
    const outcome = hook.call(app, request, reply, (error) => (error ? reject(error) : resolve()));
    if (outcome instanceof Promise) outcome.then(() => resolve(), reject);
  });
}

const notServed = () => new ApiError(404, 'NotFound', 'the server could not find the requested resource');

export function registerCustomRoutes(app: FastifyInstance, store: Store): void {
  const Body = Type.Object({}, { additionalProperties: true, description: 'an object of the custom resource' });
  const Params = Type.Object({
    group: Type.String(),
    version: Type.String(),
    resource: Type.String(),
    namespace: Type.Optional(Type.String()),
    name: Type.Optional(Type.String()),
  });
  const seen = new Set<string>();
  for (const model of prototypeRoutes(store)) {
    const url = parametric(model.url);
    if (seen.has(routeKey(model.method, url))) continue;
    seen.add(routeKey(model.method, url));
    const schema = model.schema as Record<string, unknown>;
    const hasBody = (model.method === 'POST' && !url.endsWith('/status')) || model.method === 'PUT';
    const route: RouteOptions = {
      method: model.method,
      url,
      schema: {
        ...schema,
        tags: ['custom resources'],
        summary: String(schema.summary).replaceAll('CustomResources', 'objects').replaceAll('CustomResource', 'object'),
        params: Params,
        ...(hasBody ? { body: Body } : {}),
        response: { ...(schema.response as object), 200: Body, 201: Body },
      },
      config: { access: 'admin', customResource: true },
      ...(model.method === 'GET' ? { preSerialization: asTable } : {}),
      handler: async function dispatch(request, reply) {
        const recorded = found.get(request);
        if (!recorded) throw notServed();
        for (const hook of [recorded.preValidation ?? []].flat()) await runHook(app, hook as Hook, request, reply);
        return recorded.handler.call(app, request, reply);
      },
    };
    app.route(route);
  }
}
