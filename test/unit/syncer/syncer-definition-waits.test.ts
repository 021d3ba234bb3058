// How an object waits for its CustomResourceDefinition, on a clock of the test's own: nothing
// reported during a short wait, then a Progressing report; re-checks that slow down the longer it
// waits, but come every half second (with discovery read afresh, once for all the waiting) once
// the definition is Established; the Established event wakes every waiting object at once.
import t from 'tap';
import type { KubeObject } from '../../../src/schemas/meta.js';
import { definedKind } from '../../../src/syncer/reconcile/defined-kind.js';
import { DefinitionWaits } from '../../../src/syncer/reconcile/definitions.js';
import { DesiredState } from '../../../src/syncer/reconcile/desired-state.js';
import type { FeedItem } from '../../../src/syncer/upstream/feed-answer.js';
import type { StatusReport } from '../../../src/syncer/upstream/status-report.js';

const CRD_KEY = 'CustomResourceDefinition.apiextensions.k8s.io//widgets.example.com';
const definition: FeedItem = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com', namespace: '', generation: 1 },
  spec: {
    group: 'example.com',
    names: { kind: 'Widget', plural: 'widgets' },
    versions: [{ name: 'v1' }, { name: 'v2' }],
  },
};
const widget = (name: string): FeedItem => ({
  apiVersion: 'example.com/v2',
  kind: 'Widget',
  metadata: { name, namespace: 'shop', generation: 4 },
});
const downstream = (conditions: unknown[]): KubeObject => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: definition.spec,
  status: { conditions },
});
const ESTABLISHED = downstream([{ type: 'Established', status: 'True' }]);
const ESTABLISHED_HEALTH = { state: 'Healthy' as const, reason: 'Established' };

function setUp(items: FeedItem[] = [definition, widget('a'), widget('b')]) {
  const desired = new DesiredState('edge-1');
  desired.replace({ resourceVersion: '1', items });
  const owned = new Map<string, KubeObject>();
  const expired: string[] = [];
  const woken: string[] = [];
  const clock = { now: 1_000_000 };
  const waits = new DefinitionWaits({
    desired,
    owned: { get: (key) => owned.get(key) },
    mapper: { expire: (apiVersion) => void expired.push(apiVersion) },
    wake: (key) => void woken.push(key),
    now: () => clock.now,
  });
  return { waits, owned, expired, woken, clock };
}

t.test('what a definition defines, and the resource its objects are reported under', async (t) => {
  t.same(definedKind(definition), {
    groupKind: 'Widget.example.com',
    resource: 'widgets.example.com',
    apiVersions: ['example.com/v1', 'example.com/v2'],
  });
  t.equal(definedKind({ spec: { group: 'example.com', names: { kind: 'Widget' } } }), undefined, 'no plural');
  const { waits } = setUp();
  t.equal(waits.resourceOf('Widget.example.com'), 'widgets.example.com');
  t.equal(waits.resourceOf('Gadget.example.com'), undefined);
});

t.test('no definition in the feed: no wait, the caller reports its Error', async (t) => {
  const { waits } = setUp([widget('a')]);
  t.equal(waits.wait('Widget.example.com/shop/a', widget('a')), undefined);
});

t.test('a short wait is not reported; a longer one is Progressing; re-checks slow down', async (t) => {
  const { waits, clock, expired } = setUp();
  const key = 'Widget.example.com/shop/a';
  t.same(waits.wait(key, widget('a')), { delayMs: 1_000 }, 'just created: looked at again in a second');
  clock.now += 1_000;
  t.same(waits.wait(key, widget('a')), { delayMs: 1_000 });
  clock.now += 1_000;
  const report = waits.wait(key, widget('a'));
  t.match(report, {
    delayMs: 1_000,
    report: {
      state: 'Applied',
      observedGeneration: 0,
      message: 'waiting for CustomResourceDefinition widgets.example.com to be established',
      health: { state: 'Progressing', reason: 'WaitingForDefinition' },
      status: {},
    },
  });
  clock.now += 20_000;
  t.equal(waits.wait(key, widget('a'))?.delayMs, 11_000, 'half the time it has waited');
  clock.now += 100_000;
  t.equal(waits.wait(key, widget('a'))?.delayMs, 30_000, 'at most half a minute: the Established event wakes it');
  t.same(expired, [], 'discovery is not read afresh for a definition that is not Established');
});

t.test('Established: every waiting object wakes, and discovery is read again at most twice a second', async (t) => {
  const { waits, owned, clock, expired, woken } = setUp();
  waits.wait('Widget.example.com/shop/a', widget('a'));
  waits.wait('Widget.example.com/shop/b', widget('b'));
  waits.observe('ConfigMap/shop/x', { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} });
  waits.observe(CRD_KEY, downstream([{ type: 'Established', status: 'False' }]));
  t.same(woken, [], 'not yet Established: nobody wakes');
  owned.set(CRD_KEY, ESTABLISHED);
  waits.observe(CRD_KEY, ESTABLISHED);
  t.same(woken, ['Widget.example.com/shop/a', 'Widget.example.com/shop/b']);
  t.same(expired, ['example.com/v1', 'example.com/v2'], 'both versions read afresh');

  // Woken, yet discovery does not list the kind: a moment more.
  expired.length = 0;
  const first = waits.wait('Widget.example.com/shop/a', widget('a'));
  t.equal(first?.delayMs, 500);
  t.equal(expired.length, 2, 'the next miss reads again');
  t.equal(waits.wait('Widget.example.com/shop/b', widget('b'))?.delayMs, 500);
  t.equal(expired.length, 2, 'one fresh read for all who wait');
  clock.now += 2_000;
  t.match(waits.wait('Widget.example.com/shop/a', widget('a'))?.report, {
    message: 'CustomResourceDefinition widgets.example.com is established: waiting for API discovery to list Widget',
    health: { state: 'Progressing', reason: 'WaitingForDefinition' },
  });
  t.equal(expired.length, 4, 'half a second later, once more');

  waits.done('Widget.example.com/shop/a');
  woken.length = 0;
  waits.observe(CRD_KEY, ESTABLISHED);
  t.same(woken, ['Widget.example.com/shop/b'], 'what no longer waits is not woken');
});

t.test("a definition that fails: its objects' Error says why, and clears with it", async (t) => {
  const { waits, owned } = setUp();
  const upstream: [string, StatusReport][] = [];
  const sink = waits.reports({ set: (key, report) => void upstream.push([key, report]), forget: () => undefined });
  const refused = 'the downstream API server refused the CustomResourceDefinition: spec.versions: Required value';
  sink.set(CRD_KEY, {
    observedGeneration: 1,
    state: 'Error',
    message: refused,
    health: { state: 'Unknown', reason: 'NotApplied' },
    status: {},
  });
  const current: KubeObject = {
    apiVersion: 'example.com/v2',
    kind: 'Widget',
    metadata: { name: 'a', namespace: 'shop' },
    status: { parts: 1 },
  };
  t.match(waits.wait('Widget.example.com/shop/a', widget('a'), current)?.report, {
    state: 'Error',
    observedGeneration: 4,
    message: `its CustomResourceDefinition widgets.example.com is not applied downstream: ${refused}`,
    status: { parts: 1 },
  });
  t.same(upstream, [], "a definition's report stays in the agent");
  sink.set(CRD_KEY, { observedGeneration: 1, state: 'Applied', health: ESTABLISHED_HEALTH, status: {} });
  owned.set(CRD_KEY, downstream([{ type: 'NamesAccepted', status: 'False', reason: 'MultipleNamesConflict' }]));
  t.match(waits.wait('Widget.example.com/shop/a', widget('a'))?.report, {
    state: 'Error',
    message: 'its CustomResourceDefinition widgets.example.com cannot be established downstream: MultipleNamesConflict',
  });
  const report = { observedGeneration: 4, state: 'Applied' as const, health: ESTABLISHED_HEALTH, status: {} };
  sink.set('Widget.example.com/shop/a', report);
  t.same(upstream, [['Widget.example.com/shop/a', report]], "other objects' reports go on upstream");
});
