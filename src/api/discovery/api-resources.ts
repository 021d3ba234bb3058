// What the Kubernetes API serves, read off the routes as they are registered: every route that
// names its resource definition (config.resource) adds its verb, so discovery, the Kubernetes
// OpenAPI documents and Tables follow the routes and never a second list.
import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify';
import { type ResourceDefinition, apiVersionOf, collectionPath } from '../http/resource-definition.js';
import { COLLECTION_VERBS, OBJECT_VERBS, type Verb } from '../http/verbs.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The kind this route serves, as a collection, an object or a subresource of one. */
    resource?: ResourceDefinition;
    /** A list route that also serves watches (?watch=true). */
    watches?: boolean;
    /** A subresource that answers another kind than its resource's (deployments/scale: autoscaling/v1 Scale). */
    responseKind?: GroupVersionKind;
  }
}

/** One route of a resource, as the OpenAPI documents describe it. */
export interface ResourceRoute {
  method: string;
  url: string;
  verb: Verb;
  /** All namespaces at once: the cluster-wide list of a namespaced kind. */
  allNamespaces: boolean;
  schema: FastifySchema;
  /** The subresource (status, scale) this route serves, if any. */
  subresource?: string;
  /** When the subresource answers another kind than its resource's. */
  responseKind?: GroupVersionKind;
}

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface Subresource {
  name: string;
  verbs: Verb[];
  /** When it is not the resource's own kind. */
  responseKind?: GroupVersionKind;
}

export interface ServedResource {
  def: ResourceDefinition;
  verbs: Verb[];
  subresources: Subresource[];
  routes: ResourceRoute[];
}

export interface GroupVersion {
  group: string;
  version: string;
  /** "group/version", or "version" alone for the core group. */
  groupVersion: string;
  resources: ServedResource[];
}

export class ApiResources {
  private readonly served = new Map<ResourceDefinition, ServedResource>();
  private readonly subresourceVerbs = new Map<ResourceDefinition, Map<string, Set<Verb>>>();
  /** The kinds of subresources that answer another kind, by "collection path/subresource". */
  private readonly subresourceKinds = new Map<string, GroupVersionKind>();

  /** Resources served without routes of their own (custom resources), after the routes' ones. */
  private extra: () => ServedResource[] = () => [];

  /** Starts listening for routes: register this before the resources' routes. Without an app: fed by add(). */
  constructor(app?: FastifyInstance) {
    app?.addHook('onRoute', (route) => this.add(route));
  }

  /** Adds what a route serves, as the onRoute hook does. */
  add(route: Pick<RouteOptions, 'method' | 'url' | 'schema' | 'config'>): void {
    const def = route.config?.resource;
    if (!def) return;
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      this.addRoute(def, method, route.url, route.schema ?? {}, route.config?.responseKind);
    }
    if (route.config?.watches) this.addVerb(this.resource(def), 'watch');
  }

  private addRoute(
    def: ResourceDefinition,
    method: string,
    url: string,
    schema: FastifySchema,
    kind?: GroupVersionKind,
  ): void {
    const served = this.resource(def);
    const objectPath = `${collectionPath(def)}/:name`;
    if (url.startsWith(`${objectPath}/`)) {
      const name = url.slice(objectPath.length + 1);
      const verb = OBJECT_VERBS[method];
      if (!verb || name.includes('/')) return;
      this.addSubresourceVerb(def, name, verb, kind);
      // Listed in the OpenAPI documents with the resource's routes, but no verb of the resource itself.
      served.routes.push({
        method,
        url,
        verb,
        allNamespaces: false,
        schema,
        subresource: name,
        ...(kind ? { responseKind: kind } : {}),
      });
      return;
    }
    const verb = url === objectPath ? OBJECT_VERBS[method] : COLLECTION_VERBS[method];
    if (!verb) return;
    const allNamespaces = def.namespaced && url === collectionPath(def, false);
    served.routes.push({ method, url, verb, allNamespaces, schema });
    this.addVerb(served, verb);
  }

  private addVerb(served: ServedResource, verb: Verb): void {
    if (!served.verbs.includes(verb)) served.verbs.push(verb);
    served.verbs.sort();
  }

  private addSubresourceVerb(def: ResourceDefinition, name: string, verb: Verb, kind?: GroupVersionKind): void {
    const byName = this.subresourceVerbs.get(def) ?? new Map<string, Set<Verb>>();
    this.subresourceVerbs.set(def, byName);
    const verbs = byName.get(name) ?? new Set<Verb>();
    byName.set(name, verbs.add(verb));
    if (kind) this.subresourceKinds.set(`${collectionPath(def)}/${name}`, kind);
    this.resource(def).subresources = [...byName].map(([n, v]) => {
      const responseKind = this.subresourceKinds.get(`${collectionPath(def)}/${n}`);
      return { name: n, verbs: [...v].sort(), ...(responseKind ? { responseKind } : {}) };
    });
  }

  private resource(def: ResourceDefinition): ServedResource {
    let served = this.served.get(def);
    if (!served) {
      served = { def, verbs: [], subresources: [], routes: [] };
      this.served.set(def, served);
    }
    return served;
  }

  /** What the routes serve, in the order they were registered. */
  servedResources(): ServedResource[] {
    return [...this.served.values()];
  }

  /** Serve these too, read on every call: they change while the server runs. */
  serveAlso(extra: () => ServedResource[]): void {
    this.extra = extra;
  }

  /** Group versions in the order their first kind was registered; kinds likewise. */
  groupVersions(): GroupVersion[] {
    const byKey = new Map<string, GroupVersion>();
    for (const served of [...this.served.values(), ...this.extra()]) {
      const { group, version } = served.def;
      const key = apiVersionOf(served.def);
      const gv = byKey.get(key) ?? { group, version, groupVersion: key, resources: [] };
      byKey.set(key, gv);
      gv.resources.push(served);
    }
    return [...byKey.values()];
  }

  /** The group versions of one group, or of the core group ("") served under /api. */
  versionsOf(group: string): GroupVersion[] {
    return this.groupVersions().filter((gv) => gv.group === group);
  }

  groupVersion(group: string, version: string): GroupVersion | undefined {
    return this.versionsOf(group).find((gv) => gv.version === version);
  }
}
