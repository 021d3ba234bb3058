// The scheduling decision as pure functions: ranking tiers, cordon and evictAfter, revisit times.
import t from 'tap';
import type { KubeObject } from '../../../src/schemas/meta.js';
import { type Clock, type PlacementRule, chooseTargets } from '../../../src/scheduling/placement-rules.js';
import {
  newEntry,
  reconcileEntries,
  statusOf,
  statusWith,
  withReadiness,
  withReason,
} from '../../../src/scheduling/status-entries.js';
import { reportedEntry } from '../../../src/scheduling/reported-entries.js';
import type { TargetState } from '../../../src/scheduling/target-state.js';
import { byRank } from '../../helpers/spread-rank.js';

const NOW = 1_000_000;
const clock: Clock = { now: NOW, graceMs: 100 };
const rule = (n?: number): PlacementRule => ({
  namespace: 'ns',
  name: 'p',
  selectors: [],
  targetSelector: [],
  targetNames: new Set(),
  numberOfSyncTargets: n,
});
const target = (name: string, extra: Partial<TargetState> = {}): TargetState => ({
  name,
  labels: {},
  unschedulable: false,
  ready: true,
  readyReason: 'HeartbeatHealthy',
  ...extra,
});
const down = (since: number) => ({ ready: false, readyReason: 'HeartbeatTimeout', notReadySince: since });
/** An object of `kind` at generation 1 with `status`, as statusOf reads it. */
const object = (kind: string, status: unknown): KubeObject => ({
  apiVersion: 'v1',
  kind,
  metadata: { name: 'o', namespace: 'default', generation: 1 },
  ...(status === undefined ? {} : { status }),
});
const ranked = (names: string[]) => byRank('ns/d', names);
const choose = (n: number | undefined, current: string[], targets: TargetState[]) =>
  chooseTargets(rule(n), 'ns/d', new Set(current), targets, clock);

t.test('without a number: every candidate, cordoned ones only if already placed, never an evicted one', async (t) => {
  const targets = [
    target('a'),
    target('b', { unschedulable: true }),
    target('c', { unschedulable: true }),
    target('d', { evictAfter: NOW - 1 }),
    target('e', down(0)),
  ];
  t.same(choose(undefined, ['b', 'd'], targets).targets, ['a', 'b', 'e']);
});

t.test('with a number: current healthy ones stay, new ones are Ready first then by hash', async (t) => {
  const all = ['a', 'b', 'c', 'd'].map((n) => target(n));
  const best = ranked(['a', 'b', 'c', 'd']);
  t.same(choose(2, [], all).targets, best.slice(0, 2));
  t.same(choose(2, [best[3]!], all).targets, [best[3], best[0]], 'the current one is kept whatever its hash');
  const someDown = [target('a', down(NOW - 10)), target('b', down(NOW - 10)), target('c')];
  t.same(choose(1, [], someDown).targets, ['c'], 'Ready first');
  t.same(
    choose(3, ['a', 'b', 'c'], [...someDown, target('d')]).targets.sort(),
    ['a', 'b', 'c'],
    'within the grace nothing moves',
  );
});

t.test('past the grace a placement moves to a Ready target only', async (t) => {
  const expired = target('old', down(NOW - 500));
  t.same(choose(1, ['old'], [expired, target('new')]).targets, ['new']);
  t.same(
    choose(1, ['old'], [expired, target('other', down(NOW - 10))]).targets,
    ['old'],
    'kept when no Ready target can take over',
  );
  t.same(
    choose(1, ['old'], [expired, target('cordoned', { unschedulable: true })]).targets,
    ['old'],
    'a cordoned target takes nothing new',
  );
});

t.test('more current placements than the number (another Placement added some): the best are kept', async (t) => {
  const all = ['a', 'b', 'c'].map((n) => target(n, n === 'a' ? down(NOW - 10) : {}));
  const kept = choose(1, ['a', 'b', 'c'], all).targets;
  t.same(kept, [ranked(['b', 'c'])[0]], 'a Ready one, by hash');
});

t.test('revisit times: the end of a grace, and a future evictAfter', async (t) => {
  t.equal(choose(1, ['a'], [target('a', down(NOW - 30))]).revisitAt, NOW - 30 + 100);
  t.equal(
    choose(undefined, ['a'], [target('a', down(NOW - 30))]).revisitAt,
    undefined,
    'without a number a not-Ready target is not revisited',
  );
  t.equal(choose(undefined, [], [target('a', { evictAfter: NOW + 50 })]).revisitAt, NOW + 50);
});

t.test('entries: Stale while not Ready, back to the reported state, totals over fresh reports only', async (t) => {
  const now = '2026-01-01T00:00:00.000Z';
  const applied = reportedEntry(
    newEntry('a', true, now),
    { observedGeneration: 1, state: 'Applied', status: { replicas: 2, readyReplicas: 2 } },
    true,
    now,
  );
  const error = reportedEntry(
    newEntry('b', true, now),
    { observedGeneration: 1, state: 'Error', message: 'x', status: { replicas: 1 } },
    true,
    now,
  );
  t.match(statusWith([applied, error], 'Deployment', 1), { replicas: 3, readyReplicas: 2 });
  const stale = withReadiness(error, false, now);
  t.equal(stale.state, 'Stale');
  t.match(statusWith([applied, stale], 'Deployment', 1), { replicas: 2 });
  t.equal(withReadiness(stale, true, now).state, 'Error');
  // Only the targets that applied the object's generation count as updated; until every one has
  // it, the status says the oldest one reached (observed-generation.test.ts has the rest).
  const updated = { ...applied, updatedReplicas: 2 };
  const behind = { ...updated, name: 'b', observedGeneration: 1 };
  t.match(statusWith([{ ...updated, observedGeneration: 2 }, behind], 'Deployment', 2), {
    observedGeneration: 1,
    replicas: 4,
    updatedReplicas: 2,
  });
  t.match(statusWith([behind], 'Deployment', 1), { observedGeneration: 1, updatedReplicas: 2 });
  t.equal(withReadiness(applied, true, now), applied, 'unchanged entries are the same object');
  const entries = reconcileEntries([applied, error], ['c', 'a'], (n) => n !== 'c', now);
  t.match(entries, [
    { name: 'a', state: 'Applied' },
    { name: 'c', state: 'Stale' },
  ]);
});

t.test('entries say why they are there; a report keeps it; kinds without totals keep their other status', async (t) => {
  const now = '2026-01-01T00:00:00.000Z';
  const later = '2026-01-01T00:01:00.000Z';
  const pending = newEntry('a', true, now);
  const needed = withReason(
    pending,
    { reason: 'DependencyOf', dependencyOf: [{ kind: 'Deployment', name: 'web' }] },
    later,
  );
  t.match(needed, {
    reason: 'DependencyOf',
    dependencyOf: [{ kind: 'Deployment', name: 'web' }],
    lastUpdateTime: later,
  });
  const same = withReason(needed, { reason: 'DependencyOf', dependencyOf: [{ kind: 'Deployment', name: 'web' }] }, 'x');
  t.equal(same, needed, 'unchanged: the same object');
  const selected = withReason(needed, { reason: 'Selected' }, later);
  t.equal(selected.dependencyOf, undefined, 'Selected lists no dependents');
  t.equal(selected.reason, 'Selected');
  const report = { observedGeneration: 1, state: 'Applied' as const, status: { replicas: 1 } };
  t.match(
    reportedEntry(needed, report, true, later),
    { name: 'a', state: 'Applied', reason: 'DependencyOf', dependencyOf: [{ kind: 'Deployment', name: 'web' }] },
    'a report keeps why the entry is there',
  );
  t.equal(reportedEntry(pending, report, true, later).reason, undefined);

  t.match(statusOf(object('Deployment', { whatever: 1 }), [selected]), { replicas: 0, syncTargets: [selected] });
  t.same(statusOf(object('ConfigMap', { aggregate: 'x' }), [needed]), { aggregate: 'x', syncTargets: [needed] });
  t.same(
    statusOf(object('ConfigMap', { aggregate: 'x', syncTargets: [needed] }), []),
    { aggregate: 'x' },
    'placed nowhere: no entries',
  );
  t.equal(statusOf(object('ConfigMap', undefined), []), undefined, 'never placed: no status is written');
  const sts = { ...selected, state: 'Applied' as const, status: { replicas: 2, readyReplicas: 1 } };
  t.match(
    statusOf(object('StatefulSet', { other: 1 }), [sts]),
    { other: 1, replicas: 2, readyReplicas: 1, syncTargets: [sts] },
    'a kind with sums gets them from its fresh entries',
  );
  t.match(
    statusOf(object('StatefulSet', { other: 1, replicas: 2, syncTargets: [sts] }), []),
    { other: 1, replicas: 0 },
    'placed nowhere: the sums are zero again',
  );
});
