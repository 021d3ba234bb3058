// Query parameters: each route takes the ones this table lists and refuses any other with a
// 400 Status naming it, before anything is written: one the server does not implement is
// refused rather than ignored.
import t from 'tap';
import { type Refusal, ST_PATH, expectRefusals, syncTarget, testApp } from '../helpers/app.js';
import { CARRIED_KINDS } from '../../src/schemas/kinds.js';
import { carriedRoutes } from '../helpers/kinds.js';
import { forEachStore } from '../helpers/stores.js';
import {
  DEPLOY_PATH, PLACEMENT_PATH, STATUS_PATH, createOk, deployment, placement, schedulerIdle,
} from '../helpers/workloads.js';

const LIST = [
  'allowWatchBookmarks', 'continue', 'fieldSelector', 'includeObject', 'labelSelector', 'limit', 'resourceVersion',
  'resourceVersionMatch', 'sendInitialEvents', 'timeoutSeconds', 'watch',
];
const WRITE = ['dryRun', 'fieldManager', 'fieldValidation'];
const PATCH = [...WRITE, 'force'];
const DELETE = ['dryRun', 'gracePeriodSeconds', 'orphanDependents', 'propagationPolicy'];
const DELETE_COLLECTION = [...DELETE, 'fieldSelector', 'labelSelector'].sort();
const ST = '/apis/workload.kcp.io/v1alpha1/synctargets';
const DEPLOY = '/apis/apps/v1/namespaces/{namespace}/deployments';
const PLACE = '/apis/scheduling.kcp.io/v1alpha1/namespaces/{namespace}/placements';
const OVR = '/apis/scheduling.kcp.io/v1alpha1/namespaces/{namespace}/overrides';
const override = (name: string) => ({
  apiVersion: 'scheduling.kcp.io/v1alpha1', kind: 'Override', metadata: { name },
  spec: {
    resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment' }], targetSelector: {}, changes: [{ replicas: 1 }],
  },
});

/** What each route takes, by method and OpenAPI path. */
const TAKES: Record<string, string[]> = {
  'GET /healthz': [], 'GET /livez': [], 'GET /readyz': [], 'GET /metrics': [],
  'GET /version': [], 'GET /api': [], 'GET /apis': [], 'GET /apis/{group}': [], 'GET /apis/{group}/{version}': [],
  'GET /api/{version}': [], 'GET /openapi/v3/api/{version}': ['hash'],
  'GET /openapi/v3': [], 'GET /openapi/v3/apis/{group}/{version}': ['hash'], 'GET /openapi/v2': [],
  [`GET ${ST}`]: LIST, [`POST ${ST}`]: WRITE, [`DELETE ${ST}`]: DELETE_COLLECTION,
  [`GET ${ST}/{name}`]: [], [`PUT ${ST}/{name}`]: WRITE, [`PATCH ${ST}/{name}`]: PATCH, [`DELETE ${ST}/{name}`]: DELETE,
  [`GET ${ST}/{name}/status`]: [], [`PUT ${ST}/{name}/status`]: WRITE, [`PATCH ${ST}/{name}/status`]: WRITE,
  [`GET ${DEPLOY}`]: LIST, [`POST ${DEPLOY}`]: WRITE, [`DELETE ${DEPLOY}`]: DELETE_COLLECTION, 'GET /apis/apps/v1/deployments': LIST,
  [`GET ${DEPLOY}/{name}`]: [], [`PUT ${DEPLOY}/{name}`]: WRITE, [`PATCH ${DEPLOY}/{name}`]: PATCH, [`DELETE ${DEPLOY}/{name}`]: DELETE,
  [`GET ${DEPLOY}/{name}/status`]: [], [`PUT ${DEPLOY}/{name}/status`]: WRITE, [`PATCH ${DEPLOY}/{name}/status`]: WRITE,
  [`GET ${DEPLOY}/{name}/scale`]: [], [`PUT ${DEPLOY}/{name}/scale`]: WRITE, [`PATCH ${DEPLOY}/{name}/scale`]: WRITE,
  [`GET ${PLACE}`]: LIST, [`POST ${PLACE}`]: WRITE, [`DELETE ${PLACE}`]: DELETE_COLLECTION,
  'GET /apis/scheduling.kcp.io/v1alpha1/placements': LIST,
  [`GET ${PLACE}/{name}`]: [], [`PUT ${PLACE}/{name}`]: WRITE, [`PATCH ${PLACE}/{name}`]: PATCH, [`DELETE ${PLACE}/{name}`]: DELETE,
  [`GET ${PLACE}/{name}/status`]: [], [`PUT ${PLACE}/{name}/status`]: WRITE, [`PATCH ${PLACE}/{name}/status`]: WRITE,
  [`GET ${OVR}`]: LIST, [`POST ${OVR}`]: WRITE, [`DELETE ${OVR}`]: DELETE_COLLECTION,
  'GET /apis/scheduling.kcp.io/v1alpha1/overrides': LIST,
  [`GET ${OVR}/{name}`]: [], [`PUT ${OVR}/{name}`]: WRITE, [`PATCH ${OVR}/{name}`]: PATCH, [`DELETE ${OVR}/{name}`]: DELETE,
  [`GET ${ST}/{name}/deployments`]: ['resourceVersion', 'timeoutSeconds'],
  [`GET ${ST}/{name}/objects`]: ['resourceVersion', 'timeoutSeconds'],
  [`PUT ${ST}/{name}/deployments/{namespace}/{deployment}/status`]: [],
  // The agents' status reports of every other kind, named as the agent names them (plural.group).
  ...Object.fromEntries(CARRIED_KINDS.map((k) =>
    [`PUT ${ST}/{name}/${k.plural}${k.group ? `.${k.group}` : ''}/{namespace}/{object}/status`, []])),
  [`GET ${ST}/{name}/tokens`]: [],
  [`POST ${ST}/{name}/tokens`]: [],
  [`POST ${ST}/{name}/heartbeat`]: [],
  // The control plane's access kinds (Users, ClusterRoles, ClusterRoleBindings), cluster-scoped.
  ...Object.fromEntries(['/apis/tmc.kcp.io/v1alpha1/users', '/apis/rbac.authorization.k8s.io/v1/clusterroles',
    '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings'].flatMap((c) => [
    [`GET ${c}`, LIST], [`POST ${c}`, WRITE], [`DELETE ${c}`, DELETE_COLLECTION],
    [`GET ${c}/{name}`, []], [`PUT ${c}/{name}`, WRITE], [`PATCH ${c}/{name}`, PATCH], [`DELETE ${c}/{name}`, DELETE],
  ])),
  'POST /apis/tmc.kcp.io/v1alpha1/users/{name}/tokens': [], 'DELETE /apis/tmc.kcp.io/v1alpha1/users/{name}/tokens': [],
  'POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews': [],
  'POST /apis/authorization.k8s.io/v1/selfsubjectrulesreviews': [],
};

/** Parameters Kubernetes clients send, with values a route that took them would accept. */
const KUBERNETES_PARAMETERS: Record<string, string> = {
  pretty: 'true', fieldSelector: 'metadata.name=edge-1', watch: 'true', resourceVersion: '0', resourceVersionMatch: 'NotOlderThan',
  timeoutSeconds: '5', fieldManager: 'kubectl-client-side-apply', fieldValidation: 'Strict', dryRun: 'All',
  gracePeriodSeconds: '0', propagationPolicy: 'Foreground', labelSelector: 'env=prod', limit: '1', continue: 'x',
};

/** A body each route would take, so a parameter that is not refused would really write. */
function bodyFor(method: string, path: string, current: Record<string, any>): unknown {
  if (method === 'PUT' && path.endsWith('{name}/status')) return current[path.replace(/\/status$/, '')];
  if (method === 'PUT' && path.endsWith('/scale')) return { spec: { replicas: 2 } };
  if (path.endsWith('/status') && method === 'PUT') return { observedGeneration: 1, state: 'Applied', status: { replicas: 1 } };
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
  path.replace('{name}', path.startsWith(ST) ? 'edge-1' : path.startsWith(DEPLOY) ? 'web' : 'all')
    .replace('{namespace}', 'default').replace('{deployment}', 'web').replace('{object}', 'web');

forEachStore(t, (t) => {
  t.test('each route takes exactly the parameters of the table', async (t) => {
    const { app } = await testApp(t);
    await app.ready();
    const paths = (app.swagger() as { paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>> }).paths;
    const takes: Record<string, string[]> = {};
    for (const [path, operations] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        takes[`${method.toUpperCase()} ${path}`] = (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name).sort();
      }
    }
    t.same(takes, { ...TAKES, ...carriedRoutes({ list: LIST, write: WRITE, patch: PATCH, remove: DELETE, removeAll: DELETE_COLLECTION }) });
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
    for (const path of [`${ST}/{name}`, `${DEPLOY}/{name}`, `${PLACE}/{name}`, `${OVR}/{name}`]) current[path] = (await api.call('GET', concrete(path))).json;

    const cases: Refusal[] = [];
    for (const [route, accepted] of Object.entries(TAKES)) {
      const [method, path] = route.split(' ') as [Refusal['method'], string];
      const refused = [...Object.keys(KUBERNETES_PARAMETERS), 'bogus'].filter((name) => !accepted.includes(name));
      const query = new URLSearchParams(refused.map((name) => [name, KUBERNETES_PARAMETERS[name] ?? '1']));
      cases.push({ title: route, method, url: `${concrete(path)}?${query}`, body: bodyFor(method!, path, current), code: 400, reason: 'BadRequest', causes: refused });
    }
    await expectRefusals(t, api, { method: 'GET', url: ST_PATH }, cases);
    const openapi = await api.call('GET', '/openapi.json?pretty=true', undefined, { token: null });
    t.equal(openapi.statusCode, 400, 'the OpenAPI document takes none either');
    t.match(openapi.json.message, /unknown query parameter "pretty": this route takes no query parameters/);
  });

  t.test('dryRun takes All (a dry run, see write-options.test.ts) or nothing; an empty dryRun is no dry run', async (t) => {
    const api = await testApp(t);
    await createOk(api, ST_PATH, syncTarget('edge-1'));
    const refusal = { code: 400, reason: 'BadRequest', causes: ['dryRun'] };
    await expectRefusals(t, api, { method: 'POST', url: `${ST_PATH}?dryRun=Some` }, [
      { title: 'create', body: syncTarget('edge-2'), ...refusal },
      { title: 'patch', method: 'PATCH', url: `${ST_PATH}/edge-1?dryRun=all`, body: { spec: { unschedulable: true } }, ...refusal },
      { title: 'delete', method: 'DELETE', url: `${ST_PATH}/edge-1?dryRun=None`, ...refusal },
    ]);
    t.equal((await api.call('POST', `${ST_PATH}?dryRun=`, syncTarget('edge-2'))).statusCode, 201, 'dryRun= creates');
    t.equal((await api.call('POST', `${ST_PATH}?dryRun`, syncTarget('edge-3'))).statusCode, 201, 'a bare dryRun creates');
    t.equal((await api.call('DELETE', `${ST_PATH}/edge-3?dryRun=`)).statusCode, 200, 'dryRun= deletes');
    t.equal((await api.call('GET', `${ST_PATH}/edge-2`)).statusCode, 200, 'really written');
  });

  t.test('fieldSelector filters a list by name, and a field it cannot select on is refused', async (t) => {
    const api = await testApp(t);
    await createOk(api, ST_PATH, syncTarget('edge-1'));
    await createOk(api, ST_PATH, syncTarget('edge-2'));
    const reply = await api.call('GET', `${ST_PATH}?fieldSelector=metadata.name%3Dedge-1`);
    t.equal(reply.statusCode, 200);
    t.same(reply.json.items.map((item: { metadata: { name: string } }) => item.metadata.name), ['edge-1']);
    const other = await api.call('GET', `${ST_PATH}?fieldSelector=spec.unschedulable%3Dtrue`);
    t.equal(other.statusCode, 400, 'a field other than metadata.name/namespace is refused, not ignored');
    t.match(other.json, { kind: 'Status', reason: 'BadRequest' });
    const item = await api.call('GET', `${ST_PATH}/edge-1?fieldSelector=metadata.name%3Dedge-1`);
    t.equal(item.statusCode, 400, 'a get of one object takes no fieldSelector');
    t.match(item.json, { kind: 'Status', details: { causes: [{ field: 'fieldSelector', reason: 'FieldValueNotSupported' }] } });
  });

  t.test('fieldManager is taken on writes, and checked as Kubernetes checks it', async (t) => {
    const api = await testApp(t);
    t.equal((await api.call('POST', `${ST_PATH}?fieldManager=kubectl-create`, syncTarget('edge-1'))).statusCode, 201);
    t.equal((await api.call('PATCH', `${ST_PATH}/edge-1?fieldManager=kubectl-edit`, { spec: { unschedulable: true } })).statusCode, 200);
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
    t.match(conditions.find((c: { type: string }) => c.type === 'Ready'), { status: 'False', reason: 'NoHeartbeat' }, 'no heartbeat recorded');
    const status = await api.call('PUT', `${STATUS_PATH('edge-1', 'default', 'web')}?pretty=1`, { observedGeneration: 1, state: 'Applied', status: {} });
    t.equal(status.statusCode, 400, 'a status report with a parameter is a 400, not a 422 about its body');
  });

  t.test("client-go's request timeout is taken on every route, and must be a duration", async (t) => {
    const api = await testApp(t);
    for (const url of ['/healthz', ST_PATH, '/openapi/v2', '/apis']) {
      const ok = await api.call('GET', `${url}?timeout=32s`);
      t.equal(ok.statusCode, 200, `${url} takes timeout=32s`);
    }
    const created = await api.call('POST', `${ST_PATH}?timeout=1m30s&fieldManager=kubectl-create`, syncTarget('edge-1'));
    t.equal(created.statusCode, 201, 'a write takes it too');
    const bad = await api.call('GET', `${ST_PATH}?timeout=soon`);
    t.equal(bad.statusCode, 400);
    t.match(bad.json, { kind: 'Status', reason: 'BadRequest', details: { causes: [{ field: 'timeout' }] } });
  });
});
