// The routes the fuzzers drive, read off the server's own OpenAPI document (every route it
// registers, with the query parameters and body types each takes), never a list of our own:
// a route added to the server is fuzzed, and must belong to an area (areas.test.ts).
import type { FastifyInstance } from 'fastify';

export interface Route {
  method: string;
  /** The OpenAPI path, e.g. /apis/apps/v1/namespaces/{namespace}/deployments/{name}. */
  path: string;
  /** The query parameters the route takes. */
  query: string[];
  /** The body types it takes (empty: no body). */
  consumes: string[];
}

type Operation = { parameters?: { in: string; name: string }[]; requestBody?: { content?: Record<string, unknown> } };

export async function serverRoutes(app: FastifyInstance): Promise<Route[]> {
  await app.ready();
  const paths = (app.swagger() as { paths: Record<string, Record<string, Operation>> }).paths;
  const routes: Route[] = [];
  for (const [path, operations] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const query = (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      const consumes = Object.keys(operation.requestBody?.content ?? {});
      routes.push({ method: method.toUpperCase(), path, query, consumes });
    }
  }
  return routes;
}

export const routeName = (route: Route) => `${route.method} ${route.path}`;

/** The route's resource plural (the segment after the version, or after namespaces/{namespace}). */
export function pluralOf(path: string): string | undefined {
  const match = /^\/(?:api\/v1|apis\/[^/{]+\/[^/{]+)(?:\/namespaces\/\{namespace\})?\/([a-z0-9]+)/.exec(path);
  return match?.[1];
}

// The proxy is a user's read of a target through its agent's tunnel, fuzzed with the reads.
const AGENT = /^\/apis\/workload\.kcp\.io\/v1alpha1\/synctargets\/\{name\}\/(?!status$|proxy\/)/;
const ACCESS =
  /^\/apis\/(tmc\.kcp\.io|rbac\.authorization\.k8s\.io|authorization\.k8s\.io)\/v1(alpha1)?\/(users|cluster|self)/;
// Custom resources' routes name their group, version and resource as parameters.
const RESOURCE =
  /^\/(api\/v1|apis\/([^/{]+|\{group\})\/([^/{]+|\{version\}))\/(namespaces\/\{namespace\}\/)?([a-z0-9]+|\{resource\})(\/\{name\}(\/(status|scale))?)?$/;

export type Area = 'agent' | 'access' | 'reads' | 'writes' | 'patches';

/**
 * Which fuzzer drives a route: the agent protocol (feed, status reports, heartbeats, agent
 * tokens); users, cluster RBAC and access reviews; reads (discovery, OpenAPI, operations, and
 * every list, watch and get); writes (create, replace, delete, deletecollection); patches.
 */
export function areaOf(route: Route): Area | undefined {
  if (AGENT.test(route.path)) return 'agent';
  if (ACCESS.test(route.path)) return 'access';
  if (route.method === 'GET') return 'reads';
  if (!RESOURCE.test(route.path)) return undefined;
  return route.method === 'PATCH' ? 'patches' : 'writes';
}
