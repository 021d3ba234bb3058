// A change of reports alone, which no target's feed shows: every entry as it was but the reports'
// fields, and the object as its owner wrote it.
import t from 'tap';
import { reportsAlone } from '../../../src/scheduling/change-signatures.js';
import type { KubeObject } from '../../../src/schemas/meta.js';

const object = (entries: object[], spec: object = { replicas: 2 }): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'app', namespace: 'default', uid: 'u', generation: 1, resourceVersion: '1' },
  spec,
  status: { replicas: 0, syncTargets: entries },
});
const one = { name: 't1', state: 'Pending', reason: 'Selected', policy: { adopt: true } };
const two = { name: 't2', state: 'Pending', reason: 'Selected', desiredReplicas: 1 };
const before = object([one, two]);

t.test('reports on entries, and the totals, are reports alone', async (t) => {
  const reported = object([{ ...one, state: 'Applied', reportedState: 'Applied', observedGeneration: 1 }, two]);
  (reported.status as Record<string, unknown>).replicas = 1;
  reported.metadata.resourceVersion = '2';
  t.ok(reportsAlone(before, reported));
  const drifted = object([one, { ...two, drift: [{ path: 'spec.replicas' }], message: 'm', lastUpdateTime: 'x' }]);
  t.ok(reportsAlone(before, drifted), 'drift, a message and a time are the report too');
});

t.test("what the scheduler writes, the owner's fields, or no previous copy are more than reports", async (t) => {
  t.notOk(reportsAlone(undefined, before), 'nothing to compare with');
  t.notOk(reportsAlone(before, object([{ ...one, policy: { adopt: false } }, two])), "an entry's policy");
  t.notOk(reportsAlone(before, object([one, { ...two, desiredReplicas: 2 }])), "an entry's share");
  t.notOk(reportsAlone(before, object([one, { ...two, hold: { reason: 'Suspended', since: 'x' } }])), 'a hold');
  t.notOk(reportsAlone(before, object([one])), 'an entry gone');
  t.notOk(reportsAlone(before, object([two, one])), 'entries in another order');
  t.notOk(reportsAlone(before, object([one, two], { replicas: 3 })), 'the spec');
});
