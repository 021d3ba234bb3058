// The entries of an object placed on thousands of targets share V8's hidden classes. On Node 20 an
// object literal that spreads another and adds a property got a class of its own each time, and
// every later pass over the entries (totals, checks, the feed's index) took V8's slow path. The
// check needs V8's natives syntax, switched on for this process only.
import { setFlagsFromString } from 'node:v8';
import t from 'tap';
import type { SyncTargetEntry } from '../../../src/schemas/deployment.js';
import {
  newEntry,
  withFailover,
  withHold,
  withOverrides,
  withPolicy,
  withReason,
  withRollout,
  withShare,
} from '../../../src/scheduling/status-entries.js';
import { reportedEntry, reportedObjectEntry } from '../../../src/scheduling/reported-entries.js';

setFlagsFromString('--allow-natives-syntax');
const sameClass = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
const now = '2026-01-01T00:00:00.000Z';
const names = Array.from({ length: 200 }, (_, i) => `target-${i}`);

/** How many hidden classes the objects have among them. */
function classes(objects: readonly object[]): number {
  const seen: object[] = [];
  for (const object of objects) if (!seen.some((one) => sameClass(one, object))) seen.push(object);
  return seen.length;
}

const placed = () => names.map((name) => withReason(newEntry(name, true, now), { reason: 'Selected' }, now));

t.test("the scheduler's entries share one class per step", async (t) => {
  const entries = placed();
  t.equal(classes(entries), 1, 'with a reason');
  const steps: [string, (e: SyncTargetEntry) => SyncTargetEntry][] = [
    ['overrides', (e) => withOverrides(e, ['o'], now)],
    ['policy', (e) => withPolicy(e, { conflictResolution: 'Adopt' }, now)],
    ['share', (e) => withShare(e, 2, now)],
    ['failover', (e) => withFailover(e, true, ['x'], now)],
    ['hold', (e) => withHold(e, 'Suspended', 1, now)],
    ['rollout', (e) => withRollout(e, { generation: 1, step: 0 } as never, now)],
  ];
  for (const [step, next] of steps) t.equal(classes(entries.map(next)), 1, step);
});

t.test("agents' reports make entries that share one class", async (t) => {
  const deployments = placed().map((e) =>
    reportedEntry(
      e,
      { state: 'Applied', observedGeneration: 1, status: { replicas: 1, readyReplicas: 1 } } as never,
      true,
      now,
    ),
  );
  t.equal(classes(deployments), 1, 'Deployments');
  const others = placed().map((e) =>
    reportedObjectEntry(e, { state: 'Applied', observedGeneration: 1, status: { a: 1 } } as never, true, now),
  );
  t.equal(classes(others), 1, 'other kinds');
});
