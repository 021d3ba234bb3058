// Status reports for every kind: each target's entry keeps the kind's own downstream status and
// its health verdict; the aggregate sums what sums (a StatefulSet's replicas) over the fresh
// reports, Stale ones left out. An agent reports only for its own target and only for objects
// placed on it.
import t from 'tap';
import { ST_PATH, syncTarget, testApp, type TestApp } from '../helpers/app.js';
import { CORE_PATH, REPORT_PATH, place } from '../helpers/placed-objects.js';
import { forEachStore } from '../helpers/stores.js';
import {
  DEPLOY_PATH,
  PLACEMENT_PATH,
  STATUS_PATH,
  createOk,
  deployment,
  entriesOf,
  heartbeat,
  placement,
  waitPlaced,
} from '../helpers/workloads.js';

const SERVICE = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web' },
  spec: { type: 'LoadBalancer', ports: [{ port: 80 }] },
};
const SVC = (target: string) => REPORT_PATH(target, 'services', 'default', 'web');
type Fields = Record<string, unknown>;
const STS_PATH = '/apis/apps/v1/namespaces/default/statefulsets';
const statefulSet = (name: string) => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name },
  spec: {
    replicas: 3,
    serviceName: 'db',
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'db', image: 'postgres:17' }] } },
  },
});
const healthy = (reason: string) => ({ state: 'Healthy', reason });
const report = (status: Fields, health: Fields, extra: Fields = {}) => ({
  observedGeneration: 1,
  state: 'Applied',
  health,
  status,
  ...extra,
});

async function targets(app: TestApp, ready: string[], notReady: string[] = []): Promise<void> {
  for (const name of [...ready, ...notReady]) await createOk(app, ST_PATH, syncTarget(name));
  for (const name of ready) await heartbeat(app, name);
}

const entries = async (app: TestApp, path: string) => (await app.call('GET', path)).json.status.syncTargets;

forEachStore(t, (t) => {
  t.test("a Service's report keeps its status and health in its target's entry", async (t) => {
    const app = await testApp(t);
    await targets(app, ['edge-1', 'edge-2']);
    await createOk(app, CORE_PATH('services'), SERVICE);
    await place(app, 'Service', 'web', ['edge-1', 'edge-2']);
    const lb = { loadBalancer: { ingress: [{ ip: '203.0.113.7' }] } };
    const reply = await app.call('PUT', SVC('edge-1'), report(lb, healthy('LoadBalancerReady')));
    t.equal(reply.statusCode, 200, reply.body);
    t.equal(reply.json.kind, 'Service', 'answers with the Service');
    const [one, two] = await entries(app, `${CORE_PATH('services')}/web`);
    t.match(one, { name: 'edge-1', state: 'Applied', observedGeneration: 1, health: healthy('LoadBalancerReady') });
    t.same(one.status, lb, 'the Service status as reported');
    t.notOk('message' in one, 'the Pending message is gone');
    t.match(two, { name: 'edge-2', state: 'Pending' });
    t.notOk(two.health, 'no health before its report');

    const failed = await app.call(
      'PUT',
      SVC('edge-2'),
      report({}, { state: 'Unknown', reason: 'NotApplied' }, { state: 'Error', message: 'not owned by tmc' }),
    );
    t.equal(failed.statusCode, 200);
    const [, error] = await entries(app, `${CORE_PATH('services')}/web`);
    t.match(error, { state: 'Error', message: 'not owned by tmc', health: { state: 'Unknown' } });
  });

  t.test('an agent reports only for its own target, and only for objects placed on it', async (t) => {
    const app = await testApp(t);
    await targets(app, ['edge-1', 'edge-2']);
    await createOk(app, CORE_PATH('services'), SERVICE);
    await createOk(app, CORE_PATH('configmaps'), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' } });
    await place(app, 'Service', 'web', ['edge-1']);
    const tokenOf = async (name: string) => (await app.call('POST', `${ST_PATH}/${name}/tokens`)).json.token as string;
    const token = await tokenOf('edge-2');
    const body = report({}, healthy('Exists'));
    const before = (await app.call('GET', `${CORE_PATH('services')}/web`)).json;

    const other = await app.call('PUT', SVC('edge-1'), body, { token });
    t.equal(other.statusCode, 403, "another target's path");
    t.equal(other.json.reason, 'Forbidden');
    const notPlaced = await app.call('PUT', SVC('edge-2'), body, { token });
    t.equal(notPlaced.statusCode, 404, 'an object placed on another target');
    t.match(notPlaced.json.message, 'services "web" in namespace "default" is not placed on synctarget "edge-2"');
    const unplaced = await app.call('PUT', REPORT_PATH('edge-2', 'configmaps', 'default', 'cfg'), body, { token });
    t.equal(unplaced.statusCode, 404, 'an object placed nowhere');
    const missing = await app.call('PUT', REPORT_PATH('edge-2', 'configmaps', 'default', 'nope'), body, { token });
    t.equal(missing.statusCode, 404, 'an object that does not exist');
    const widget = REPORT_PATH('edge-2', 'widgets.example.com', 'default', 'w');
    const unknown = await app.call('PUT', widget, body, { token });
    t.equal(unknown.statusCode, 404, 'a kind the server does not carry');
    t.same((await app.call('GET', `${CORE_PATH('services')}/web`)).json, before, 'nothing changed');

    const own = await app.call('PUT', SVC('edge-1'), body, { token: await tokenOf('edge-1') });
    t.equal(own.statusCode, 200, "the placed target's own agent is taken");
    const bad = await app.call('PUT', SVC('edge-1'), { ...body, health: { state: 'Fine' } });
    t.equal(bad.statusCode, 422, 'a report without a valid health verdict is refused');
    const newer = await app.call('PUT', SVC('edge-1'), { ...body, observedGeneration: 2 });
    t.equal(newer.statusCode, 422, 'a generation the object never had is refused');
  });

  t.test("a StatefulSet's aggregate sums the replicas of fresh reports and lists each target's health", async (t) => {
    const app = await testApp(t);
    await targets(app, ['a', 'b'], ['c']);
    await createOk(app, STS_PATH, statefulSet('db'));
    await place(app, 'StatefulSet', 'db', ['a', 'b', 'c']);
    const counts = (replicas: number, ready: number) => ({
      replicas,
      readyReplicas: ready,
      currentReplicas: replicas,
      updatedReplicas: replicas,
      availableReplicas: ready,
      currentRevision: 'db-1',
    });
    const put = (target: string, status: Record<string, unknown>, health: Record<string, unknown>) =>
      app.call('PUT', REPORT_PATH(target, 'statefulsets.apps', 'default', 'db'), report(status, health));
    t.equal((await put('a', counts(3, 3), healthy('RolledOut'))).statusCode, 200);
    t.equal((await put('b', counts(3, 1), { state: 'Progressing', reason: 'Rolling' })).statusCode, 200);
    // c is not Ready: its report is kept, Stale, and counts for nothing.
    const last = await put('c', counts(5, 5), healthy('RolledOut'));
    t.equal(last.statusCode, 200);
    const sums = { replicas: 6, readyReplicas: 4, currentReplicas: 6, updatedReplicas: 6, availableReplicas: 4 };
    t.match(last.json.status, sums);
    t.notOk('currentRevision' in last.json.status, 'only counts are summed');
    t.match(last.json.status.syncTargets, [
      { name: 'a', state: 'Applied', health: { state: 'Healthy' }, status: { replicas: 3 } },
      { name: 'b', state: 'Applied', health: { state: 'Progressing' }, status: { readyReplicas: 1 } },
      { name: 'c', state: 'Stale', reportedState: 'Applied', health: { state: 'Healthy' }, status: { replicas: 5 } },
    ]);
    const stored = (await app.call('GET', `${STS_PATH}/db`)).json.status;
    t.same(stored, last.json.status, 'as stored');
  });

  t.test("a Deployment's report keeps its shape, with the health verdict when the agent sends one", async (t) => {
    const app = await testApp(t);
    await targets(app, ['a', 'b']);
    await createOk(app, PLACEMENT_PATH(), placement('all', { syncTargetSelector: {} }));
    await createOk(app, DEPLOY_PATH(), deployment('web', {}, { replicas: 2 }));
    await waitPlaced(app, 'web', ['a', 'b']);
    const counts = { replicas: 2, readyReplicas: 2, availableReplicas: 2, updatedReplicas: 2 };
    const withHealth = await app.call('PUT', STATUS_PATH('a', 'default', 'web'), report(counts, healthy('RolledOut')));
    t.equal(withHealth.statusCode, 200, withHealth.body);
    const old = { observedGeneration: 1, state: 'Applied', status: counts };
    const before = await app.call('PUT', STATUS_PATH('b', 'default', 'web'), old);
    t.equal(before.statusCode, 200, 'the report of an agent from before health verdicts');
    t.match(before.json.status, { replicas: 4, readyReplicas: 4 });
    const [a, b] = await entriesOf(app, 'web');
    t.match(a, { name: 'a', state: 'Applied', replicas: 2, health: healthy('RolledOut') });
    t.notOk((a as { status?: unknown }).status, "a Deployment's counts are the entry's own fields");
    t.match(b, { name: 'b', state: 'Applied', replicas: 2 });
    t.notOk((b as { health?: unknown }).health);
  });
});
