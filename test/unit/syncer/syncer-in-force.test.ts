// A namespace's ResourceQuota binds once the cluster's quota controller has copied its limits
// into status.hard; until then the workloads it bounds wait (at most IN_FORCE_WAIT_MS), so no
// pod is made that the quota neither refuses nor counts. Other kinds bind once written.
import { pino } from 'pino';
import t from 'tap';
import type { KubeObject } from '../../../src/schemas/meta.js';
import { IN_FORCE_WAIT_MS, InForceWaits, inForce } from '../../../src/syncer/reconcile/in-force.js';
import type { FeedItem } from '../../../src/syncer/upstream/feed-answer.js';
import { waitFor } from '../../helpers/wait.js';
import { engineOn } from './engine-on.js';
import { FakeCluster } from './fake-cluster.js';

const QUOTA_KEY = 'ResourceQuota/shop/bounds';
const QUOTA_PATH = '/api/v1/namespaces/shop/resourcequotas/bounds';
const DEPLOY_PATH = '/apis/apps/v1/namespaces/shop/deployments/web';
const hard = { pods: '10', 'requests.cpu': '2' };
const quota = (status?: unknown): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name: 'bounds', namespace: 'shop' },
  spec: { hard },
  ...(status ? { status } : {}),
});

t.test('a quota is in force once status.hard holds every limit of its spec; other kinds at once', async (t) => {
  t.notOk(inForce(QUOTA_KEY, quota()), 'just written: no status');
  t.notOk(inForce(QUOTA_KEY, quota({ hard: { pods: '10' } })), 'one limit not copied yet');
  t.notOk(inForce(QUOTA_KEY, quota({ hard: { pods: '5', 'requests.cpu': '2' } })), 'an old limit');
  t.ok(inForce(QUOTA_KEY, quota({ hard })));
  t.ok(
    inForce(QUOTA_KEY, quota({ hard: { pods: '10', 'requests.cpu': '2000m' } })),
    'the same quantity written another way',
  );
  t.ok(inForce('ConfigMap/shop/cfg', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' } }));
  const emptyQuota = { ...quota(), spec: {} };
  t.ok(inForce(QUOTA_KEY, emptyQuota), 'a quota with no limits binds nothing, so there is nothing to wait for');
});

t.test('the wait counts down per desired hash, and is given up once, with a warning', async (t) => {
  const lines: { event?: string }[] = [];
  const log = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const clock = { now: 1_000 };
  const waits = new InForceWaits(log, 10_000, () => clock.now);
  t.equal(waits.remaining(QUOTA_KEY, 'h1', quota()), 10_000);
  clock.now += 4_000;
  t.equal(waits.remaining(QUOTA_KEY, 'h1', quota()), 6_000);
  t.equal(waits.remaining(QUOTA_KEY, 'h2', quota()), 10_000, 'a new version of the quota waits afresh');
  clock.now += 10_000;
  t.equal(waits.remaining(QUOTA_KEY, 'h2', quota()), 0, 'waited out');
  t.equal(waits.remaining(QUOTA_KEY, 'h2', quota()), 0);
  t.same(
    lines.map((l) => l.event),
    ['in-force-wait-over'],
    'said once',
  );
  t.equal(waits.remaining(QUOTA_KEY, 'h2', quota({ hard })), 0, 'in force');
  t.equal(waits.remaining(QUOTA_KEY, 'h2', quota()), 10_000, 'once in force, a later wait starts afresh');
  waits.forget(QUOTA_KEY);
  clock.now += 1;
  t.equal(waits.remaining(QUOTA_KEY, 'h2', quota()), 10_000, 'forgotten');
});

t.test('through the engine: the Deployment is applied only once its quota is in force', async (t) => {
  const cluster = new FakeCluster();
  cluster.serve('v1', [{ name: 'resourcequotas', kind: 'ResourceQuota', namespaced: true }]);
  cluster.serve('apps/v1', [{ name: 'deployments', kind: 'Deployment', namespaced: true }]);
  const engine = await engineOn(t, cluster);
  const deployment: FeedItem = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', generation: 1 },
    spec: { replicas: 2 },
  };
  const quotaItem: FeedItem = { ...quota(), metadata: { name: 'bounds', namespace: 'shop', generation: 1 } };
  engine.take({ resourceVersion: '1', items: [quotaItem, deployment] });
  await waitFor(() => cluster.objects.get(QUOTA_PATH), 'the quota downstream');
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  t.notOk(cluster.objects.get(DEPLOY_PATH), 'a second on, the Deployment still waits for the quota controller');
  const copied = Date.now();
  cluster.setStatus(QUOTA_PATH, { hard, used: { pods: '0', 'requests.cpu': '0' } });
  await waitFor(() => cluster.objects.get(DEPLOY_PATH), 'the Deployment downstream', 5_000);
  const ms = Date.now() - copied;
  t.ok(ms < IN_FORCE_WAIT_MS / 2, `applied ${ms} ms after the limits were copied: woken by the watch, not the wait`);
});
