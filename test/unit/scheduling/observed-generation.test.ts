// The generation an aggregate says its clusters reached: what kubectl rollout status, Argo CD and
// Flux wait on before they read the counts. Summed counts cannot say that one cluster is behind
// (spec.replicas is each cluster's), so every placed cluster must have the generation first.
import t from 'tap';
import type { SyncTargetEntry } from '../../../src/schemas/deployment.js';
import type { Health, ObjectStatusReport } from '../../../src/schemas/health.js';
import { observedGeneration } from '../../../src/scheduling/observed-generation.js';
import { newEntry, statusOf, statusWith, withReadiness } from '../../../src/scheduling/status-entries.js';
import { reportedEntry, reportedObjectEntry } from '../../../src/scheduling/reported-entries.js';

const now = '2026-01-01T00:00:00.000Z';
const health = (state: Health['state']): Health => ({ state, reason: state === 'Healthy' ? 'RolledOut' : 'Updating' });
const report = (generation: number, status: Record<string, unknown>, state: Health['state'] = 'Healthy') =>
  ({ observedGeneration: generation, state: 'Applied', health: health(state), status }) as ObjectStatusReport;
const object = (name: string, r: ObjectStatusReport) => reportedObjectEntry(newEntry(name, true, now), r, true, now);
const deployment = (name: string, generation: number, state: 'Applied' | 'Error' = 'Applied') =>
  reportedEntry(
    newEntry(name, true, now),
    { observedGeneration: generation, state, status: { replicas: 2, updatedReplicas: 2, availableReplicas: 2 } },
    true,
    now,
  );

t.test('a Deployment has a generation once every placed cluster applied it', async (t) => {
  const pending = newEntry('c', true, now);
  t.equal(observedGeneration([deployment('a', 3), deployment('b', 3)], 'Deployment', 3), 3);
  t.equal(observedGeneration([deployment('a', 3), deployment('b', 2)], 'Deployment', 3), 2, 'the oldest one');
  t.equal(observedGeneration([deployment('a', 3), pending], 'Deployment', 3), 0, 'one that never reported: 0');
  t.equal(
    observedGeneration([deployment('a', 3), deployment('b', 3, 'Error')], 'Deployment', 3),
    2,
    'an error: one less',
  );
  t.equal(observedGeneration([], 'Deployment', 3), 3, 'placed nowhere: nothing to wait for');
  const stale = withReadiness(deployment('b', 2), false, now);
  t.equal(observedGeneration([deployment('a', 3), stale], 'Deployment', 3), 2, 'a Stale target still counts');
  const left: SyncTargetEntry = { ...pending, failedOver: true };
  t.equal(observedGeneration([deployment('a', 3), left], 'Deployment', 3), 3, 'a target failed over from does not');
});

t.test('a StatefulSet has it once every cluster rolled it out; a DaemonSet once each applied it', async (t) => {
  const done = object('a', report(2, { replicas: 3, readyReplicas: 3, updatedReplicas: 3 }));
  const rolling = object('b', report(2, { replicas: 3, readyReplicas: 3, updatedReplicas: 1 }, 'Progressing'));
  const older = object('c', report(1, { replicas: 3, readyReplicas: 3, updatedReplicas: 3 }));
  // One cluster done satisfies kubectl's summed checks (ready 6 >= 3, updated 4 >= 3): the gate holds.
  t.match(statusWith([done, rolling], 'StatefulSet', 2), {
    observedGeneration: 1,
    readyReplicas: 6,
    updatedReplicas: 4,
  });
  t.match(statusWith([done, object('b', report(2, { updatedReplicas: 3 }))], 'StatefulSet', 2), {
    observedGeneration: 2,
    updatedReplicas: 6,
  });
  t.match(statusWith([done, older], 'StatefulSet', 2), { observedGeneration: 1, updatedReplicas: 3 }, 'updated: gen 2');
  const daemons = { desiredNumberScheduled: 2, updatedNumberScheduled: 2, numberAvailable: 2 };
  const ds = [object('a', report(2, daemons)), object('b', report(1, daemons))];
  t.match(statusWith(ds, 'DaemonSet', 2), {
    observedGeneration: 1,
    desiredNumberScheduled: 4,
    updatedNumberScheduled: 2,
  });
  const progressing = object('b', report(2, daemons, 'Progressing'));
  t.match(statusWith([ds[0]!, progressing], 'DaemonSet', 2), { observedGeneration: 2 }, 'its counts say the rest');
  t.notOk('observedGeneration' in statusWith([done], 'Job', 2), 'kubectl rolls out no Job');
});

t.test("a status kept from a client's manifest never says a generation nothing reached", async (t) => {
  const sent = { observedGeneration: 9, currentRevision: 'r1' };
  const sts = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', generation: 4 }, status: sent };
  t.match(statusOf(sts, []), { observedGeneration: 4, replicas: 0, currentRevision: 'r1' }, 'placed nowhere');
  t.match(statusOf(sts, [newEntry('a', true, now)]), { observedGeneration: 0 }, 'placed, not reported');
});
