// Day two, the policy: merged from Placements and annotations, carried to the agent and its
// reports, and what DetectOnly reports as drift.
import t from 'tap';
import { type PlacementRule, ruleOf } from '../../../src/scheduling/placement-rules.js';
import { desiredTargets } from '../../../src/scheduling/desired-targets.js';
import { withPolicy } from '../../../src/scheduling/status-entries.js';
import { reportedObjectEntry } from '../../../src/scheduling/reported-entries.js';
import type { TargetState } from '../../../src/scheduling/target-state.js';
import type { KubeObject } from '../../../src/schemas/meta.js';
import { mergePolicies } from '../../../src/schemas/sync-policy.js';
import { DELETION_POLICY_ANNOTATION, desiredObject } from '../../../src/syncer/downstream/ownership.js';
import { dayTwoReport } from '../../../src/syncer/upstream/status-report.js';
import { fieldDrift, onlyUndoesDrift } from '../../../src/syncer/reconcile/detect-only.js';
import { DesiredState } from '../../../src/syncer/reconcile/desired-state.js';
import { effectivePolicy } from '../../../src/syncer/reconcile/sync-policy.js';
import type { FeedItem } from '../../../src/syncer/upstream/feed-answer.js';

const deployment = (replicas: number | undefined, image: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { ...(replicas === undefined ? {} : { replicas }), template: { spec: { containers: [{ name: 'c', image }] } } },
});

const item = (annotations?: Record<string, string>, syncPolicy?: FeedItem['metadata']['syncPolicy']): FeedItem => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {
    name: 'c',
    namespace: 'shop',
    generation: 1,
    ...(annotations ? { annotations } : {}),
    ...(syncPolicy ? { syncPolicy } : {}),
  },
});

t.test(
  "the policy: the Placement's, overridden by the object's annotations; bad annotations are a problem",
  async (t) => {
    t.same(effectivePolicy(item()), {
      ignoreFields: [],
      conflictResolution: 'Abort',
      deletionPolicy: 'Delete',
      driftPolicy: 'Correct',
    });
    const placed = item(undefined, {
      conflictResolution: 'Adopt',
      deletionPolicy: 'Orphan',
      ignoreFields: [{ path: '/data/a' }],
    });
    t.same(effectivePolicy(placed), {
      ignoreFields: [{ path: '/data/a' }],
      conflictResolution: 'Adopt',
      deletionPolicy: 'Orphan',
      driftPolicy: 'Correct',
    });
    const annotated = item(
      {
        'tmc.kcp.io/conflict-resolution': 'Abort',
        'tmc.kcp.io/ignore-fields': '[{"path":"/data/b","when":"OnDownstreamChange"}]',
      },
      { conflictResolution: 'Adopt', ignoreFields: [{ path: '/data/a' }] },
    );
    t.same(effectivePolicy(annotated).ignoreFields, [
      { path: '/data/a' },
      { path: '/data/b', when: 'OnDownstreamChange' },
    ]);
    t.equal(effectivePolicy(annotated).conflictResolution, 'Abort');
    t.match(effectivePolicy(item({ 'tmc.kcp.io/ignore-fields': 'spec.replicas' })).problem, /not a JSON list/);
    t.match(effectivePolicy(item({ 'tmc.kcp.io/ignore-fields': '[{"path":"spec"}]' })).problem, /not a JSON list/);
    t.match(effectivePolicy(item({ 'tmc.kcp.io/deletion-policy': 'Keep' })).problem, /must be one of Delete, Orphan/);
    t.equal(effectivePolicy(item({ 'tmc.kcp.io/deletion-policy': 'Keep' })).deletionPolicy, 'Delete');
  },
);

t.test('an Orphan object carries the mark that says so downstream; a Delete one does not', async (t) => {
  t.equal(
    desiredObject(item(undefined, { deletionPolicy: 'Orphan' }), 'edge').metadata.annotations?.[
      DELETION_POLICY_ANNOTATION
    ],
    'Orphan',
  );
  t.equal(
    desiredObject(item({ 'tmc.kcp.io/deletion-policy': 'Orphan' }), 'edge').metadata.annotations?.[
      DELETION_POLICY_ANNOTATION
    ],
    'Orphan',
  );
  t.notOk(DELETION_POLICY_ANNOTATION in (desiredObject(item(), 'edge').metadata.annotations ?? {}));
  t.notOk(
    'syncPolicy' in desiredObject(item(undefined, { deletionPolicy: 'Orphan' }), 'edge').metadata,
    'the policy itself is not applied',
  );
});

t.test('the report says what was retained and adopted', async (t) => {
  const base = {
    observedGeneration: 1,
    state: 'Applied' as const,
    health: { state: 'Healthy' as const, reason: 'Exists' },
    status: {},
  };
  t.same(dayTwoReport(base, { retained: [], adopted: false }), base);
  t.match(dayTwoReport(base, { retained: ['/spec/replicas'], adopted: true }), {
    retained: ['/spec/replicas'],
    adopted: true,
    message: /^Adopted/,
  });
});

t.test('several Placements: ignored fields are merged, Adopt and Orphan win', async (t) => {
  t.equal(mergePolicies([{}, {}]), undefined);
  t.same(
    mergePolicies([
      { ignoreFields: [{ path: '/b', when: 'OnDownstreamChange' }], deletionPolicy: 'Delete' },
      { ignoreFields: [{ path: '/b' }, { path: '/a' }], conflictResolution: 'Adopt', deletionPolicy: 'Orphan' },
    ]),
    { ignoreFields: [{ path: '/a' }, { path: '/b' }], conflictResolution: 'Adopt', deletionPolicy: 'Orphan' },
  );
});

t.test('the scheduler gives each target the policy of the Placements that chose it', async (t) => {
  const placement = (name: string, targets: string[], extra: Record<string, unknown>) =>
    ruleOf({
      apiVersion: 'scheduling.kcp.io/v1alpha1',
      kind: 'Placement',
      metadata: { name, namespace: 'shop' },
      spec: { syncTargetNames: targets, ...extra },
    } as KubeObject);
  const rules: PlacementRule[] = [
    placement('orphan', ['a', 'b'], { deletionPolicy: 'Orphan' }),
    placement('adopt', ['b'], { conflictResolution: 'Adopt' }),
    placement('plain', ['c'], {}),
  ];
  const targets = new Map(
    ['a', 'b', 'c'].map((name): [string, TargetState] => [
      name,
      { name, labels: {}, unschedulable: false, ready: true, readyReason: 'HeartbeatHealthy' },
    ]),
  );
  const choice = desiredTargets(deployment(1, 'x'), new Set(), rules, targets, { now: 0, graceMs: 1 });
  t.same(choice.targets, ['a', 'b', 'c']);
  t.same(Object.fromEntries(choice.policies!), {
    a: { deletionPolicy: 'Orphan' },
    b: { conflictResolution: 'Adopt', deletionPolicy: 'Orphan' },
  });
  const entry = { name: 'a', state: 'Pending' as const, lastUpdateTime: 'then' };
  t.equal(withPolicy(entry, undefined, 'now'), entry, 'unchanged: the same object');
  t.same(withPolicy(entry, { deletionPolicy: 'Orphan' }, 'now'), {
    ...entry,
    policy: { deletionPolicy: 'Orphan' },
    lastUpdateTime: 'now',
  });
  t.same(withPolicy({ ...entry, policy: { deletionPolicy: 'Orphan' } }, undefined, 'now'), {
    ...entry,
    lastUpdateTime: 'now',
  });
});

t.test('DetectOnly: the drift field by field, a Secret by path only; what an apply would only undo', async (t) => {
  const want = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { labels: { app: 'a' } }, data: { a: '1', b: '2' } };
  const have = { ...want, metadata: { labels: { app: 'a' } }, data: { a: '1', b: 'x'.repeat(2000) } };
  const drift = fieldDrift(want, have);
  t.equal(drift.length, 1);
  t.equal(drift[0]!.path, 'data.b');
  t.equal(drift[0]!.want, '"2"');
  t.equal(drift[0]!.have!.length, 1024, 'long values are cut');
  const secret = fieldDrift({ ...want, kind: 'Secret' }, { ...have, kind: 'Secret', data: { a: 'c2VjcmV0' } });
  t.same(secret, [{ path: 'data.a' }, { path: 'data.b' }], 'a Secret: the paths, no values');
  t.same(
    fieldDrift(want, { ...want, data: { a: '1' } }),
    [{ path: 'data.b', want: '"2"' }],
    'a missing value has no have',
  );
  const item = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'n', generation: 3 } };
  const at = (generation: string) => ({
    ...want,
    metadata: { annotations: { 'workload.kcp.io/upstream-generation': generation } },
  });
  t.ok(onlyUndoesDrift('drift', item, at('1')));
  t.ok(onlyUndoesDrift('resync', item, at('3')));
  t.ok(onlyUndoesDrift('first-sync', item, at('3')), 'after a start, applied from this generation: only drift to undo');
  t.notOk(onlyUndoesDrift('first-sync', item, at('2')), 'changed upstream while the agent was away: applied');
  t.notOk(onlyUndoesDrift('update', item, at('3')));
  t.same(mergePolicies([{ driftPolicy: 'Correct' }, { driftPolicy: 'DetectOnly' }]), { driftPolicy: 'DetectOnly' });
  t.equal(effectivePolicy(item).driftPolicy, 'Correct');
  t.equal(
    effectivePolicy({
      ...item,
      metadata: { ...item.metadata, annotations: { 'tmc.kcp.io/drift-policy': 'DetectOnly' } },
    }).driftPolicy,
    'DetectOnly',
  );
});

t.test('a report with drift gives the entry a Drifted condition that keeps its transition time', async (t) => {
  const report = {
    observedGeneration: 1,
    state: 'Applied' as const,
    health: { state: 'Healthy' as const, reason: 'Exists' },
    status: {},
    drift: [{ path: 'data.b', want: '"2"', have: '"3"' }],
  };
  const first = reportedObjectEntry({ name: 'a', state: 'Pending', lastUpdateTime: 't0' }, report, true, 't1');
  t.match(first, {
    drift: report.drift,
    conditions: [{ type: 'Drifted', status: 'True', reason: 'DownstreamChanged', lastTransitionTime: 't1' }],
  });
  t.match(first.conditions![0]!.message, /1 field\(s\) differ downstream .*: data\.b$/);
  const again = reportedObjectEntry(first, report, true, 't2');
  t.equal(again.conditions![0]!.lastTransitionTime, 't1');
  const { drift: _d, ...clean } = report;
  const fixed = reportedObjectEntry(again, clean, true, 't3');
  t.notOk('drift' in fixed || 'conditions' in fixed, 'gone with the drift');
});

t.test('a change of policy alone reaches the object: its key comes back from the feed', async (t) => {
  const state = new DesiredState('edge');
  const answer = (syncPolicy?: FeedItem['metadata']['syncPolicy']) => ({
    resourceVersion: '1',
    items: [item(undefined, syncPolicy)],
  });
  t.same(state.replace(answer()), ['ConfigMap/shop/c']);
  const before = state.get('ConfigMap/shop/c')!.hash;
  t.same(state.replace(answer()), [], 'nothing changed');
  t.same(state.replace(answer({ driftPolicy: 'DetectOnly' })), ['ConfigMap/shop/c']);
  t.same(state.replace(answer()), ['ConfigMap/shop/c'], 'and back');
  t.equal(state.get('ConfigMap/shop/c')!.hash, before, "without a policy the hash is the manifest's, as before");
});
