// Query parameters: each route takes the ones this table lists and refuses any other with a
// 400 Status naming it, before anything is written: one the server does not implement is
// refused rather than ignored.
import t from 'tap';
import { type Refusal, ST_PATH, expectRefusals, syncTarget, testApp } from '../helpers/app.js';
import { carriedRoutes } from '../helpers/carried-routes.js';
import {
  DELETE,
  DELETE_COLLECTION,
  DEPLOY,
  KUBERNETES_PARAMETERS,
  LIST,
  OVR,
  PATCH,
  PLACE,
  ST,
  TAKES,
  WRITE,
  override,
} from './query-parameters-table.js';
import { forEachStore } from '../helpers/stores.js';
import { DEPLOY_PATH, PLACEMENT_PATH, createOk, deployment, placement, schedulerIdle } from '../helpers/workloads.js';

/** A body each route would take, so a parameter that is not refused would really write. */
function bodyFor(method: string, path: string, current: Record<string, any>): unknown {
  if (method === 'PUT' && path.endsWith('{name}/status')) return current[path.replace(/\/status$/, '')];
  if (method === 'PUT' && path.endsWith('/scale')) return { spec: { replicas: 2 } };
  if (path.endsWith('/status') && method === 'PUT')
    return { observedGeneration: 1, state: 'Applied', status: { replicas: 1 } };
  if (path.endsWith('/heartbeat')) return {};
  if (method === 'PATCH') return { metadata: { labels: { patched: 'yes' } } };
  if (method === 'POST' && path === ST) return syncTarget('edge-2');
  if (method === 'POST' && path === DEPLOY) return deployment('web-2');
  if (method === 'POST' && path === PLACE) return placement('other', { syncTargetSelector: {} });
  if (method === 'POST' && path === OVR) return override('other');
  if (method === 'PUT') return current[path];
  return undefined;
}

const concrete = (path: string): string =>
  path
    .replace('{name}', path.startsWith(ST) ? 'edge-1' : path.startsWith(DEPLOY) ? 'web' : 'all')
    .replace('{namespace}', 'default')
    .replace('{deployment}', 'web')
    .replace('{object}', 'web');

forEachStore(t, (t) => {
  t.test('each route takes exactly the parameters of the table', async (t) => {
    const { app } = await testApp(t);
    await app.ready();
    const paths = (
      app.swagger() as { paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>> }
    ).paths;
    const takes: Record<string, string[]> = {};
    for (const [path, operations] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        takes[`${method.toUpperCase()} ${path}`] = (operation.parameters ?? [])
          .filter((p) => p.in === 'query')
          .map((p) => p.name)
          .sort();
      }
    }
    t.same(takes, {
      ...TAKES,
      ...carriedRoutes({ list: LIST, write: WRITE, patch: PATCH, remove: DELETE, removeAll: DELETE_COLLECTION }),
    });
  });

  t.test('every route refuses the parameters it does not take, names them, and writes nothing', async (t) => {
    const api = await testApp(t);
    await createOk(api, ST_PATH, syncTarget('edge-1'));
    await createOk(api, PLACEMENT_PATH(), placement('all', { syncTargetSelector: {} }));
    await createOk(api, DEPLOY_PATH(), deployment('web'));
    await createOk(api, '/apis/scheduling.kcp.io/v1alpha1/namespaces/default/overrides', override('all'));
    const current: Record<string, any> = {};
    // The scheduler writes the placement's status after these creates: the store must be still
    // before the snapshots that show a refusal wrote nothing.
    await schedulerIdle(api);
    for (const path of [`${ST}/{name}`, `${DEPLOY}/{name}`, `${PLACE}/{name}`, `${OVR}/{name}`])
      current[path] = (await api.call('GET', concrete(path))).json;

    const cases: Refusal[] = [];
    for (const [route, accepted] of Object.entries(TAKES)) {
      const [method, path] = route.split(' ') as [Refusal['method'], string];
      const refused = [...Object.keys(KUBERNETES_PARAMETERS), 'bogus'].filter((name) => !accepted.includes(name));
      const query = new URLSearchParams(refused.map((name) => [name, KUBERNETES_PARAMETERS[name] ?? '1']));
      cases.push({
        title: route,
        method,
        url: `${concrete(path)}?${query}`,
        body: bodyFor(method!, path, current),
        code: 400,
        reason: 'BadRequest',
        causes: refused,
      });
    }
    await expectRefusals(t, api, { method: 'GET', url: ST_PATH }, cases);
    const openapi = await api.call('GET', '/openapi.json?pretty=true', undefined, { token: null });
    t.equal(openapi.statusCode, 400, 'the OpenAPI document takes none either');
    t.match(openapi.json.message, /unknown query parameter "pretty": this route takes no query parameters/);
  });
});
