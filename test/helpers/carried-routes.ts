// The routes of the carried kinds and the query parameters each takes.
import { CARRIED_KINDS } from '../../src/schemas/kinds.js';

/**
 * The routes of the carried kinds (ConfigMap ... HorizontalPodAutoscaler): the same generic
 * routes as Deployments', so the query-parameter refusals checked on Deployments hold for them too;
 * each with the parameters a list, a write and a delete take.
 */
export function carriedRoutes(
  takes: Record<'list' | 'write' | 'patch' | 'remove' | 'removeAll', string[]>,
): Record<string, string[]> {
  const { list, write, patch, remove, removeAll } = takes;
  const routes: Record<string, string[]> = {};
  for (const { group, version, plural } of CARRIED_KINDS) {
    const root = group ? `/apis/${group}/${version}` : `/api/${version}`;
    const collection = `${root}/namespaces/{namespace}/${plural}`;
    Object.assign(routes, {
      [`GET ${collection}`]: list,
      [`POST ${collection}`]: write,
      [`GET ${root}/${plural}`]: list,
      [`DELETE ${collection}`]: removeAll,
      [`GET ${collection}/{name}`]: [],
      [`PUT ${collection}/{name}`]: write,
      [`PATCH ${collection}/{name}`]: patch,
      [`DELETE ${collection}/{name}`]: remove,
      [`GET ${collection}/{name}/status`]: [],
      [`PUT ${collection}/{name}/status`]: write,
      [`PATCH ${collection}/{name}/status`]: write,
    });
  }
  return routes;
}
