// Entries of kinds other than Deployment: a report keeps the kind's own status and the health
// verdict, leaves the scheduler's fields of the entry alone, and only workloads have sums
// (over fresh reports: Stale ones count for nothing).
import t from 'tap';
import type { SyncTargetEntry } from '../../../src/schemas/deployment.js';
import type { ObjectStatusReport } from '../../../src/schemas/health.js';
import { newEntry, statusWith, withReadiness } from '../../../src/scheduling/status-entries.js';
import { reportedObjectEntry } from '../../../src/scheduling/reported-entries.js';

const now = '2026-01-01T00:00:00.000Z';
const healthy = { state: 'Healthy' as const, reason: 'RolledOut' };
const applied = (status: Record<string, unknown>): ObjectStatusReport => ({
  observedGeneration: 2,
  state: 'Applied',
  health: healthy,
  status,
});
const entry = (name: string, report: ObjectStatusReport) =>
  reportedObjectEntry(newEntry(name, true, now), report, true, now);

t.test("a report keeps the kind's status and health, and the placement's own fields", async (t) => {
  const placed = { ...newEntry('a', true, now), reason: 'Selected' } as SyncTargetEntry;
  const a = reportedObjectEntry(placed, applied({ replicas: 3, readyReplicas: 3, currentRevision: 'r1' }), true, now);
  t.match(a, { name: 'a', state: 'Applied', observedGeneration: 2, health: healthy, reason: 'Selected' });
  t.same(a.status, { replicas: 3, readyReplicas: 3, currentRevision: 'r1' });
  t.notOk('message' in a, 'the Pending message is gone');
  const notReady = reportedObjectEntry(placed, applied({}), false, now);
  t.match(notReady, { state: 'Stale', reportedState: 'Applied' }, 'Stale while its target is not Ready');
});

t.test('workloads sum their counts over fresh reports; other kinds have only their entries', async (t) => {
  const a = entry('a', applied({ replicas: 3, readyReplicas: 3 }));
  const b = entry('b', { ...applied({ replicas: 2, readyReplicas: 1 }), state: 'Error', message: 'quota' });
  const stale = withReadiness(entry('c', applied({ replicas: 5, readyReplicas: 5 })), false, now);
  const sums = { replicas: 5, readyReplicas: 4, currentReplicas: 0 };
  t.match(statusWith([a, b, stale], 'StatefulSet', 1), { ...sums, syncTargets: [a, b, stale] });
  t.same(statusWith([a], 'ConfigMap', 1), { syncTargets: [a] }, 'nothing sums for a ConfigMap');
  const pending = statusWith([newEntry('a', true, now)], 'Job', 1);
  t.match(pending, { active: 0, succeeded: 0, failed: 0 }, 'Pending counts nothing');
  const ds = entry('a', applied({ numberReady: 2, desiredNumberScheduled: 3, numberMisscheduled: 'x' }));
  const daemons = statusWith([ds, ds], 'DaemonSet', 1);
  t.match(daemons, { numberReady: 4, desiredNumberScheduled: 6, numberMisscheduled: 0 }, 'only counts count');
});
