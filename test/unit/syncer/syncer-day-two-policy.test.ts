// Day two, the policy: merged from Placements and annotations, carried to the agent and its
// reports (what DetectOnly reports as drift is in syncer-day-two-drift.test.ts).
import t from 'tap';
import { type PlacementRule, ruleOf } from '../../../src/scheduling/placement-rules.js';
import { desiredTargets } from '../../../src/scheduling/desired-targets.js';
import { withPolicy } from '../../../src/scheduling/status-entries.js';
import type { TargetState } from '../../../src/scheduling/target-state.js';
import type { KubeObject } from '../../../src/schemas/meta.js';
import { mergePolicies } from '../../../src/schemas/sync-policy.js';
import { DELETION_POLICY_ANNOTATION, desiredObject } from '../../../src/syncer/downstream/ownership.js';
import { dayTwoReport } from '../../../src/syncer/upstream/status-report.js';
import { effectivePolicy } from '../../../src/syncer/reconcile/sync-policy.js';

import { deployment, item } from './syncer-day-two-items.js';

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
