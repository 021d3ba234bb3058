// Custom resources and their CustomResourceDefinitions through the syncer's engine, against an
// API server in memory (fake-cluster.ts): the definition is applied first, cluster-scoped; its
// objects wait (reported as waiting, never as an Error) until the watch sees it Established and
// discovery lists the kind, then are applied at once, not after the REST mapper's 10 s refresh.
import t, { type Test } from 'tap';
import type { FeedItem } from '../../../src/syncer/upstream/feed-answer.js';
import type { StatusReport } from '../../../src/syncer/upstream/status-report.js';
import { engineOn as runEngine } from './engine-on.js';
import { FakeCluster } from './fake-cluster.js';
import { waitFor } from '../../helpers/wait.js';

const CRD_PATH = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com';
const WIDGET_PATH = '/apis/example.com/v1/namespaces/shop/widgets/w';
const CRD_KEY = 'CustomResourceDefinition.apiextensions.k8s.io//widgets.example.com';
const WIDGET_KEY = 'Widget.example.com/shop/w';

const definition: FeedItem = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  // As the server sends it: kept downstream when its last object leaves.
  metadata: { name: 'widgets.example.com', namespace: '', generation: 1, syncPolicy: { deletionPolicy: 'Orphan' } },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { kind: 'Widget', plural: 'widgets' },
    versions: [{ name: 'v1', served: true, storage: true }],
  },
};
const widget: FeedItem = {
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name: 'w', namespace: 'shop', generation: 3 },
  spec: { size: 2 },
};

const established = {
  conditions: [
    { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts' },
    { type: 'Established', status: 'True', reason: 'InitialNamesAccepted' },
  ],
};
const widgets = [{ name: 'widgets', kind: 'Widget', namespaced: true }];

const eventually = <T>(what: string, probe: () => T | undefined): Promise<T> => waitFor(probe, what, 15_000);

/** An engine on a fresh fake cluster that serves the core group and definitions, and the reports it makes. */
async function engineOn(t: Test) {
  const cluster = new FakeCluster();
  cluster.serve('v1', [{ name: 'configmaps', kind: 'ConfigMap', namespaced: true }]);
  cluster.serve('apiextensions.k8s.io/v1', [
    { name: 'customresourcedefinitions', kind: 'CustomResourceDefinition', namespaced: false },
  ]);
  const reports = new Map<string, StatusReport>();
  const engine = await runEngine(t, cluster, reports);
  let version = 0;
  const feed = (items: FeedItem[]) => engine.take({ resourceVersion: String(++version), items });
  return { cluster, engine, reports, feed };
}

/** The definition alone, Established and served downstream, then the Widget with it, applied. */
async function establishedThenApplied({ cluster, feed }: Awaited<ReturnType<typeof engineOn>>): Promise<void> {
  feed([definition]);
  await eventually('the definition downstream', () => cluster.objects.get(CRD_PATH));
  cluster.setStatus(CRD_PATH, established);
  cluster.serve('example.com/v1', widgets);
  feed([definition, widget]);
  await eventually('the Widget downstream', () => cluster.objects.get(WIDGET_PATH));
}

t.test('the definition first, then its object as soon as it is Established and served', async (t) => {
  const { cluster, reports, feed } = await engineOn(t);
  feed([definition, widget]);
  const crd = await eventually('the definition downstream', () => cluster.objects.get(CRD_PATH));
  t.notOk('namespace' in crd.metadata, 'cluster-scoped');
  t.equal(crd.metadata.labels?.['workload.kcp.io/sync-target'], 'edge-1', 'owned: the watch of definitions sees it');
  t.same(
    cluster.writes.filter((w) => w.startsWith('POST')),
    [`POST ${CRD_PATH.slice(0, CRD_PATH.lastIndexOf('/'))}`],
    'no namespace is created for it, and the Widget waits',
  );

  const waiting = await eventually('a report that the Widget waits', () => reports.get(WIDGET_KEY));
  t.match(waiting, {
    state: 'Applied',
    observedGeneration: 0,
    message: 'waiting for CustomResourceDefinition widgets.example.com to be established',
    health: { state: 'Progressing', reason: 'WaitingForDefinition' },
  });
  t.equal(reports.get(CRD_KEY), undefined, "a definition's reports stay in the agent: the server keeps none");

  // Established before discovery lists the kind, as happens for a moment.
  cluster.setStatus(CRD_PATH, established);
  await eventually('the wait for discovery', () => reports.get(WIDGET_KEY)?.message?.includes('API discovery'));
  t.match(reports.get(WIDGET_KEY), {
    state: 'Applied',
    message: 'CustomResourceDefinition widgets.example.com is established: waiting for API discovery to list Widget',
    health: { state: 'Progressing', reason: 'WaitingForDefinition' },
  });

  const listed = Date.now();
  cluster.serve('example.com/v1', widgets);
  const created = await eventually('the Widget downstream', () => cluster.objects.get(WIDGET_PATH));
  const ms = Date.now() - listed;
  t.ok(ms < 5_000, `applied ${ms} ms after discovery listed it, not after the mapper's 10 s refresh`);
  t.same(created.spec, { size: 2 });
  t.ok(cluster.writes.includes('POST /api/v1/namespaces'), 'its namespace is created first');
  const applied = await eventually('the Applied report', () => {
    const report = reports.get(WIDGET_KEY);
    return report?.observedGeneration === 3 ? report : undefined;
  });
  t.match(applied, { state: 'Applied', health: { state: 'Healthy', reason: 'Exists' } });
  t.notOk('message' in applied, 'the waiting message is gone');
});

t.test('an object whose definition is already Established is applied when it is', async (t) => {
  const engine = await engineOn(t);
  const { reports } = engine;
  await establishedThenApplied(engine);
  await eventually('its report', () => reports.get(WIDGET_KEY)?.health.state === 'Healthy');
  t.pass();
});

t.test("a definition whose names are taken: the object's Error says why", async (t) => {
  const { cluster, reports, feed } = await engineOn(t);
  feed([definition, widget]);
  await eventually('the definition downstream', () => cluster.objects.get(CRD_PATH));
  const message = 'the "widgets" plural is already in use';
  cluster.setStatus(CRD_PATH, {
    conditions: [{ type: 'NamesAccepted', status: 'False', reason: 'MultipleNamesConflict', message }],
  });
  const report = await eventually('an Error', () =>
    reports.get(WIDGET_KEY)?.state === 'Error' ? reports.get(WIDGET_KEY) : undefined,
  );
  t.equal(
    report.message,
    `its CustomResourceDefinition widgets.example.com cannot be established downstream: ${message}`,
  );
});

t.test('a custom group the syncer is not granted: the Error names the bootstrap flag', async (t) => {
  const { cluster, reports, feed } = await engineOn(t);
  cluster.serve('example.com/v1', widgets);
  cluster.forbidden.add('example.com');
  feed([definition, widget]);
  const report = await eventually('an Error', () =>
    reports.get(WIDGET_KEY)?.state === 'Error' ? reports.get(WIDGET_KEY) : undefined,
  );
  t.match(report.message, /^the downstream API server refused the Widget: .*forbidden/);
  t.match(report.message, /; grant the syncer this group: tmc bootstrap --custom-group example\.com$/);
});

t.test('unplaced: the object is deleted, its definition only released (deletionPolicy Orphan)', async (t) => {
  const engine = await engineOn(t);
  const { cluster, feed } = engine;
  await establishedThenApplied(engine);
  feed([]);
  await eventually('the Widget gone', () => !cluster.objects.has(WIDGET_PATH));
  const released = await eventually('the definition released', () => {
    const crd = cluster.objects.get(CRD_PATH);
    return crd && !crd.metadata.labels?.['workload.kcp.io/sync-target'] ? crd : undefined;
  });
  t.notOk(released.metadata.annotations?.['workload.kcp.io/sync-target'], 'nobody owns it any more');
  t.notOk(cluster.writes.includes(`DELETE ${CRD_PATH}`), 'deleting it would delete every object of its kind');
  t.ok(cluster.writes.includes(`DELETE ${WIDGET_PATH}`), 'the object is deleted');
});

t.test('any other cluster-scoped kind is still refused', async (t) => {
  const { cluster, reports, feed } = await engineOn(t);
  cluster.serve('example.com/v1', [{ name: 'clusterwidgets', kind: 'ClusterWidget', namespaced: false }]);
  feed([{ ...widget, kind: 'ClusterWidget' }]);
  const report = await eventually('an Error', () => reports.get('ClusterWidget.example.com/shop/w'));
  t.match(report, {
    state: 'Error',
    message: 'ClusterWidget is cluster-scoped downstream: the syncer applies namespaced kinds only',
  });
  t.same(cluster.writes, [], 'nothing written');
});
