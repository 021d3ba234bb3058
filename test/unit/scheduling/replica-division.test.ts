// Dividing replicas: largest remainder, deterministic ties, weights, capacity, failover.
import t from 'tap';
import { divideReplicas, sharesOf, weightOf } from '../../../src/scheduling/replica-division.js';
import type { TargetState } from '../../../src/scheduling/target-state.js';

const even = (...names: string[]) => names.map((name) => ({ name, weight: 1 }));
const state = (name: string, extra: Partial<TargetState> = {}): TargetState => ({
  name,
  labels: {},
  unschedulable: false,
  ready: true,
  readyReason: 'HeartbeatHealthy',
  ...extra,
});
const clock = { now: 1_000_000, graceMs: 60_000 };

t.test('10 over three equal targets is 4/3/3, the extra one to the first by name whatever the order', async (t) => {
  t.same(Object.fromEntries(divideReplicas(10, even('c', 'a', 'b'))), { a: 4, b: 3, c: 3 });
  t.same(Object.fromEntries(divideReplicas(11, even('c', 'b', 'a'))), { a: 4, b: 4, c: 3 });
  t.same(Object.fromEntries(divideReplicas(2, even('a', 'b', 'c'))), { a: 1, b: 1, c: 0 });
  t.same(Object.fromEntries(divideReplicas(0, even('a', 'b'))), { a: 0, b: 0 });
});

t.test('weights divide in proportion; remainders go to the largest fractions', async (t) => {
  const shares = divideReplicas(10, [
    { name: 'a', weight: 1 },
    { name: 'b', weight: 2 },
    { name: 'c', weight: 3 },
  ]);
  // exact: 1.67, 3.33, 5 → floors 1, 3, 5; the one left goes to a (.67 beats .33)
  t.same(Object.fromEntries(shares), { a: 2, b: 3, c: 5 });
  t.same(
    Object.fromEntries(
      divideReplicas(7, [
        { name: 'a', weight: 0 },
        { name: 'b', weight: 5 },
      ]),
    ),
    { a: 0, b: 7 },
  );
  t.same(
    Object.fromEntries(
      divideReplicas(3, [
        { name: 'a', weight: 0 },
        { name: 'b', weight: 0 },
      ]),
    ),
    { a: 2, b: 1 },
  );
});

t.test('the shares always sum to the total', async (t) => {
  for (let total = 0; total < 40; total++) {
    const weights = [3, 0, 7, 1, 1].map((weight, i) => ({ name: `t${i}`, weight }));
    const sum = [...divideReplicas(total, weights).values()].reduce((a, b) => a + b, 0);
    t.equal(sum, total, `${total}`);
  }
});

t.test('weights by name and by label, first match wins; byCapacity reads free pods', async (t) => {
  const scheduling = {
    type: 'Divided' as const,
    weights: [
      { name: 'edge-1', weight: 5 },
      { targetSelector: { matchLabels: { region: 'eu' } }, weight: 2 },
    ],
  };
  t.equal(weightOf(scheduling, state('edge-1', { labels: { region: 'eu' } })), 5);
  t.equal(weightOf(scheduling, state('edge-2', { labels: { region: 'eu' } })), 2);
  t.equal(weightOf(scheduling, state('edge-3', { labels: { region: 'us' } })), 0);
  t.equal(weightOf({ type: 'Divided', byCapacity: true }, state('a', { freePods: 40 })), 40);
  t.equal(weightOf({ type: 'Divided', byCapacity: true }, state('a')), 0);
});

t.test('Duplicated gives no shares; a target past the grace hands its share to the others', async (t) => {
  const three = [state('a'), state('b'), state('c')];
  t.equal(sharesOf(10, { type: 'Duplicated' }, three, clock), undefined);
  t.equal(sharesOf(10, undefined, three, clock), undefined);
  t.same(Object.fromEntries(sharesOf(10, { type: 'Divided' }, three, clock)!), { a: 4, b: 3, c: 3 });
  const down = [state('a', { ready: false, notReadySince: 0 }), state('b'), state('c')];
  t.same(Object.fromEntries(sharesOf(10, { type: 'Divided' }, down, clock)!), { a: 0, b: 5, c: 5 });
  const fresh = [state('a', { ready: false, notReadySince: clock.now - 1 }), state('b'), state('c')];
  t.same(Object.fromEntries(sharesOf(10, { type: 'Divided' }, fresh, clock)!), { a: 4, b: 3, c: 3 }, 'within grace');
});
