// Query parameters: each route takes the ones this table lists and refuses any other with a
// 400 Status naming it, before anything is written: one the server does not implement is
// refused rather than ignored.
import t from 'tap';
import { type Refusal, ST_PATH, expectRefusals, syncTarget, testApp } from '../helpers/app.js';
import { carriedRoutes } from '../helpers/kinds.js';
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
import {
  DEPLOY_PATH,
  PLACEMENT_PATH,
  STATUS_PATH,
  createOk,
  deployment,
  placement,
  schedulerIdle,
} from '../helpers/workloads.js';

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

  t.test(
    'dryRun takes All (a dry run, see write-options.test.ts) or nothing; an empty dryRun is no dry run',
    async (t) => {
      const api = await testApp(t);
      await createOk(api, ST_PATH, syncTarget('edge-1'));
      const refusal = { code: 400, reason: 'BadRequest', causes: ['dryRun'] };
      await expectRefusals(t, api, { method: 'POST', url: `${ST_PATH}?dryRun=Some` }, [
        { title: 'create', body: syncTarget('edge-2'), ...refusal },
        {
          title: 'patch',
          method: 'PATCH',
          url: `${ST_PATH}/edge-1?dryRun=all`,
          body: { spec: { unschedulable: true } },
          ...refusal,
        },
        { title: 'delete', method: 'DELETE', url: `${ST_PATH}/edge-1?dryRun=None`, ...refusal },
      ]);
      t.equal((await api.call('POST', `${ST_PATH}?dryRun=`, syncTarget('edge-2'))).statusCode, 201, 'dryRun= creates');
      t.equal(
        (await api.call('POST', `${ST_PATH}?dryRun`, syncTarget('edge-3'))).statusCode,
        201,
        'a bare dryRun creates',
      );
      t.equal((await api.call('DELETE', `${ST_PATH}/edge-3?dryRun=`)).statusCode, 200, 'dryRun= deletes');
      t.equal((await api.call('GET', `${ST_PATH}/edge-2`)).statusCode, 200, 'really written');
    },
  );

  t.test('fieldSelector filters a list by name, and a field it cannot select on is refused', async (t) => {
    const api = await testApp(t);
    await createOk(api, ST_PATH, syncTarget('edge-1'));
    await createOk(api, ST_PATH, syncTarget('edge-2'));
    const reply = await api.call('GET', `${ST_PATH}?fieldSelector=metadata.name%3Dedge-1`);
    t.equal(reply.statusCode, 200);
    t.same(
      reply.json.items.map((item: { metadata: { name: string } }) => item.metadata.name),
      ['edge-1'],
    );
    const other = await api.call('GET', `${ST_PATH}?fieldSelector=spec.unschedulable%3Dtrue`);
    t.equal(other.statusCode, 400, 'a field other than metadata.name/namespace is refused, not ignored');
    t.match(other.json, { kind: 'Status', reason: 'BadRequest' });
    const item = await api.call('GET', `${ST_PATH}/edge-1?fieldSelector=metadata.name%3Dedge-1`);
    t.equal(item.statusCode, 400, 'a get of one object takes no fieldSelector');
    t.match(item.json, {
      kind: 'Status',
      details: { causes: [{ field: 'fieldSelector', reason: 'FieldValueNotSupported' }] },
    });
  });

  t.test('fieldManager is taken on writes, and checked as Kubernetes checks it', async (t) => {
    const api = await testApp(t);
    t.equal((await api.call('POST', `${ST_PATH}?fieldManager=kubectl-create`, syncTarget('edge-1'))).statusCode, 201);
    t.equal(
      (await api.call('PATCH', `${ST_PATH}/edge-1?fieldManager=kubectl-edit`, { spec: { unschedulable: true } }))
        .statusCode,
      200,
    );
    const long = await api.call('POST', `${ST_PATH}?fieldManager=${'m'.repeat(129)}`, syncTarget('edge-2'));
    t.equal(long.statusCode, 400);
    t.match(long.json, { reason: 'BadRequest', details: { causes: [{ field: 'fieldManager' }] } });
    t.equal((await api.call('GET', `${ST_PATH}/edge-2`)).statusCode, 404);
  });

  t.test('the agent routes refuse parameters too, before anything is recorded', async (t) => {
    const api = await testApp(t);
    await createOk(api, ST_PATH, syncTarget('edge-1'));
    const beat = await api.call('POST', `${ST_PATH}/edge-1/heartbeat?dryRun=All`, {});
    t.equal(beat.statusCode, 400);
    t.match(beat.json, { kind: 'Status', reason: 'BadRequest', details: { causes: [{ field: 'dryRun' }] } });
    const conditions = (await api.call('GET', `${ST_PATH}/edge-1`)).json.status.conditions;
    t.match(
      conditions.find((c: { type: string }) => c.type === 'Ready'),
      { status: 'False', reason: 'NoHeartbeat' },
      'no heartbeat recorded',
    );
    const status = await api.call('PUT', `${STATUS_PATH('edge-1', 'default', 'web')}?pretty=1`, {
      observedGeneration: 1,
      state: 'Applied',
      status: {},
    });
    t.equal(status.statusCode, 400, 'a status report with a parameter is a 400, not a 422 about its body');
  });

  t.test("client-go's request timeout is taken on every route, and must be a duration", async (t) => {
    const api = await testApp(t);
    for (const url of ['/healthz', ST_PATH, '/openapi/v2', '/apis']) {
      const ok = await api.call('GET', `${url}?timeout=32s`);
      t.equal(ok.statusCode, 200, `${url} takes timeout=32s`);
    }
    const created = await api.call(
      'POST',
      `${ST_PATH}?timeout=1m30s&fieldManager=kubectl-create`,
      syncTarget('edge-1'),
    );
    t.equal(created.statusCode, 201, 'a write takes it too');
    const bad = await api.call('GET', `${ST_PATH}?timeout=soon`);
    t.equal(bad.statusCode, 400);
    t.match(bad.json, { kind: 'Status', reason: 'BadRequest', details: { causes: [{ field: 'timeout' }] } });
  });
});
