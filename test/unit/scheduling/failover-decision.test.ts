// Application failover as pure decisions: the toleration counted from the stored unhealthySince,
// each purgeMode, no flapping back, the revisit time, and the report keeping unhealthySince.
import t from 'tap';
import { type Clock, type PlacementRule, chooseTargets } from '../../../src/scheduling/placement-rules.js';
import { failoverRuleOf } from '../../../src/scheduling/failover.js';
import { reportedObjectEntry } from '../../../src/scheduling/reported-entries.js';
import { withFailover } from '../../../src/scheduling/status-entries.js';
import type { SyncTargetEntry } from '../../../src/schemas/deployment.js';
import type { Failover } from '../../../src/schemas/placement.js';
import type { TargetState } from '../../../src/scheduling/target-state.js';

const NOW = 10_000_000;
const clock: Clock = { now: NOW, graceMs: 100 };
const rule = (failover: Failover | undefined, n = 1): PlacementRule => ({
  namespace: 'ns',
  name: 'p',
  selectors: [],
  targetSelector: [],
  targetNames: new Set(),
  numberOfSyncTargets: n,
  failover: failoverRuleOf(failover),
});
const target = (name: string): TargetState => ({
  name,
  labels: {},
  unschedulable: false,
  ready: true,
  readyReason: 'HeartbeatHealthy',
});
const iso = (ms: number) => new Date(ms).toISOString();
const entry = (name: string, state: 'Healthy' | 'Degraded', sinceMs?: number, extra = {}): SyncTargetEntry => ({
  name,
  state: 'Applied',
  lastUpdateTime: iso(NOW),
  health: { state, reason: state === 'Healthy' ? 'RolledOut' : 'ProgressDeadlineExceeded' },
  ...(sinceMs !== undefined ? { unhealthySince: iso(sinceMs) } : {}),
  ...extra,
});
const targets = [target('a'), target('b')];
const choose = (f: Failover | undefined, current: string[], entries: SyncTargetEntry[]) =>
  chooseTargets(rule(f), 'ns/d', new Set(current), targets, clock, entries);

t.test(
  'unhealthy for less than tolerationSeconds: stays, and the scheduler looks again when it runs out',
  async (t) => {
    const c = choose({ tolerationSeconds: 60 }, ['a'], [entry('a', 'Degraded', NOW - 59_000)]);
    t.same(c.targets, ['a']);
    t.equal(c.revisitAt, NOW + 1000);
  },
);

t.test('the default toleration is 300 seconds', async (t) => {
  t.same(choose({}, ['a'], [entry('a', 'Degraded', NOW - 299_000)]).targets, ['a']);
  t.same(choose({}, ['a'], [entry('a', 'Degraded', NOW - 300_000)]).targets.sort(), ['a', 'b']);
});

t.test('without spec.failover an unhealthy workload on a Ready target never moves', async (t) => {
  t.same(choose(undefined, ['a'], [entry('a', 'Degraded', 0)]).targets, ['a']);
});

t.test('Immediately: moves and leaves the old target at once, naming where it came from', async (t) => {
  const c = choose({ tolerationSeconds: 60, purgeMode: 'Immediately' }, ['a'], [entry('a', 'Degraded', 0)]);
  t.same(c.targets, ['b']);
  t.same(c.movedFrom?.get('b'), ['a']);
  t.same([...(c.failedOver ?? [])], []);
});

t.test('Graceful: keeps the old copy until the new target reports it Healthy, then removes it', async (t) => {
  const f: Failover = { tolerationSeconds: 60, purgeMode: 'Graceful' };
  const first = choose(f, ['a'], [entry('a', 'Degraded', 0)]);
  t.same(first.targets, ['b', 'a']);
  t.same([...(first.failedOver ?? [])], ['a']);
  const marked = withFailover(entry('a', 'Degraded', 0), true, undefined, iso(NOW));
  const pending: SyncTargetEntry = { name: 'b', state: 'Pending', lastUpdateTime: iso(NOW), failedOverFrom: ['a'] };
  const waiting = choose(f, ['a', 'b'], [marked, pending]);
  t.same(waiting.targets, ['b', 'a'], 'still kept while the new copy is not Healthy');
  t.same(waiting.movedFrom?.size, 0, 'the move is not announced twice');
  t.same(choose(f, ['a', 'b'], [marked, entry('b', 'Healthy')]).targets, ['b']);
});

t.test('Graceful, the new target unhealthy too: it stays there, the old copy kept, until one is Healthy', async (t) => {
  const f: Failover = { tolerationSeconds: 60, purgeMode: 'Graceful' };
  const marked = withFailover(entry('a', 'Degraded', 0), true, undefined, iso(NOW));
  const both = choose(f, ['a', 'b'], [marked, entry('b', 'Degraded', 0)]);
  t.same(both.targets, ['b', 'a']);
  t.same([...(both.failedOver ?? [])], ['a'], 'b is not marked: it is where the object is');
  t.same(choose(f, ['a', 'b'], [marked, entry('b', 'Healthy')]).targets, ['b']);
});

t.test('Never: the old copy stays for good, and the workload does not flap back to it', async (t) => {
  const f: Failover = { tolerationSeconds: 60, purgeMode: 'Never' };
  const marked = withFailover(entry('a', 'Healthy'), true, undefined, iso(NOW));
  t.same(choose(f, ['a', 'b'], [marked, entry('b', 'Healthy')]).targets, ['b', 'a']);
});

t.test('no other candidate: it stays where it is rather than go nowhere', async (t) => {
  const c = chooseTargets(rule({ tolerationSeconds: 1 }), 'ns/d', new Set(['a']), [target('a')], clock, [
    entry('a', 'Degraded', 0),
  ]);
  t.same(c.targets, ['a']);
});

t.test('failover needs numberOfSyncTargets: with every candidate chosen there is nowhere to move', async (t) => {
  const r = { ...rule({ tolerationSeconds: 1 }), numberOfSyncTargets: undefined };
  t.same(chooseTargets(r, 'ns/d', new Set(['a']), targets, clock, [entry('a', 'Degraded', 0)]).targets, ['a', 'b']);
});

t.test('a report keeps the first unhealthySince of its run and clears it when Healthy', async (t) => {
  const report = (state: 'Healthy' | 'Degraded') => ({
    observedGeneration: 1,
    state: 'Applied' as const,
    health: { state, reason: 'X' },
    status: {},
  });
  const first = reportedObjectEntry(
    { name: 'a', state: 'Pending', lastUpdateTime: iso(0) },
    report('Degraded'),
    true,
    iso(1),
  );
  t.equal(first.unhealthySince, iso(1));
  const again = reportedObjectEntry(first, report('Degraded'), true, iso(5));
  t.equal(again.unhealthySince, iso(1), 'the timer is the stored time, not restarted by each report');
  t.equal(reportedObjectEntry(again, report('Healthy'), true, iso(9)).unhealthySince, undefined);
});
