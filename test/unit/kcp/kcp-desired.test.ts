// What the kcp mirror writes, decided without kcp: labels owned by the mirror versus labels
// others add, which status changes are heartbeat time only, and the heartbeat write budget.
import t from 'tap';
import type { KcpObject } from '../../../src/kcp/client.js';
import {
  LABELS_ANNOTATION,
  MANAGED_BY,
  desiredOf,
  newObject,
  statusChange,
  updatedObject,
  withStatus,
} from '../../../src/kcp/desired.js';
import { HeartbeatBudget } from '../../../src/kcp/heartbeat-budget.js';
import type { KubeObject } from '../../../src/schemas/meta.js';

const ready = {
  type: 'Ready',
  status: 'True',
  reason: 'HeartbeatHealthy',
  lastTransitionTime: '2026-01-01T00:00:00.000Z',
};
const mirrored = {
  type: 'Mirrored',
  status: 'True',
  reason: 'Mirrored',
  lastTransitionTime: '2026-01-01T00:00:00.000Z',
};

function record(
  labels: Record<string, string>,
  spec: Record<string, unknown>,
  status: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'workload.kcp.io/v1alpha1',
    kind: 'SyncTarget',
    metadata: { name: 'edge', uid: 'u', labels },
    spec,
    status,
  } as KubeObject;
}

const inKcp = (object: KcpObject): KcpObject => ({
  ...object,
  metadata: { ...object.metadata, uid: 'k', resourceVersion: '1' },
});

t.test('the created object carries the record labels, the managed-by label and the spec', async (t) => {
  const object = newObject('edge', desiredOf(record({ env: 'prod' }, { unschedulable: true }), undefined));
  t.same(object.metadata.labels, { env: 'prod', [MANAGED_BY]: 'tmc' });
  t.equal(object.metadata.annotations?.[LABELS_ANNOTATION], 'env');
  t.same(object.spec, { unschedulable: true });
});

t.test('labels: removed from the record means removed in kcp; labels others added stay', async (t) => {
  const first = desiredOf(record({ env: 'prod', tier: 'a' }, {}), undefined);
  const observed = inKcp(newObject('edge', first));
  observed.metadata.labels = { ...observed.metadata.labels, 'kcp.io/added': 'x' };
  t.equal(updatedObject(observed, first), undefined, 'nothing to write when nothing changed');
  const next = updatedObject(observed, desiredOf(record({ env: 'dev' }, {}), undefined));
  t.same(next?.metadata.labels, { 'kcp.io/added': 'x', env: 'dev', [MANAGED_BY]: 'tmc' });
  t.equal(next?.metadata.resourceVersion, '1', 'written against the version seen');
});

t.test('spec: the mirrored fields follow the record, other fields stay', async (t) => {
  const observed = inKcp(newObject('edge', desiredOf(record({}, { unschedulable: false }), undefined)));
  observed.spec = { ...observed.spec, cells: { zone: 'a' } };
  const next = updatedObject(
    observed,
    desiredOf(record({}, { unschedulable: true, evictAfter: '2030-01-01T00:00:00Z' }), undefined),
  );
  t.same(next?.spec, { cells: { zone: 'a' }, unschedulable: true, evictAfter: '2030-01-01T00:00:00Z' });
});

t.test('status: the Mirrored condition stays out; a newer heartbeat in memory wins over the stored one', async (t) => {
  const stored = '2026-01-01T00:00:00.000Z';
  const desired = desiredOf(
    record({}, {}, { conditions: [ready, mirrored], lastSyncerHeartbeatTime: stored, syncerVersion: 'v1' }),
    Date.parse(stored) + 5_000,
  );
  t.same(desired.status.conditions, [ready]);
  t.equal(desired.status.lastSyncerHeartbeatTime, '2026-01-01T00:00:05.000Z');
  const older = desiredOf(record({}, {}, { lastSyncerHeartbeatTime: stored }), Date.parse(stored) - 5_000);
  t.equal(older.status.lastSyncerHeartbeatTime, stored);
});

t.test('status changes: none, heartbeat time only, or anything else', async (t) => {
  const base = { conditions: [ready], lastSyncerHeartbeatTime: '2026-01-01T00:00:00.000Z', capacity: { cpu: '8' } };
  const desired = desiredOf(record({}, {}, base), undefined);
  const observed = withStatus(inKcp(newObject('edge', desired)), desired);
  observed.status = { ...observed.status, virtualWorkspaces: [{ syncerURL: 'x' }] };
  t.equal(statusChange(observed, desired), 'none', 'fields others write are not compared');
  t.equal(
    statusChange(observed, desiredOf(record({}, {}, base), Date.parse(base.lastSyncerHeartbeatTime) + 1_000)),
    'heartbeat',
  );
  const unknown = { ...ready, status: 'Unknown', reason: 'HeartbeatTimeout' };
  t.equal(statusChange(observed, desiredOf(record({}, {}, { ...base, conditions: [unknown] }), undefined)), 'other');
  t.equal(statusChange(observed, desiredOf(record({}, {}, { ...base, capacity: { cpu: '16' } }), Date.now())), 'other');
  const first = desiredOf(record({}, {}, { conditions: [ready] }), undefined);
  const noTimeYet = withStatus(inKcp(newObject('edge', first)), first);
  t.equal(statusChange(noTimeYet, desired), 'other', 'the first heartbeat time is not held back');
  t.same(withStatus(observed, desired).status?.virtualWorkspaces, [{ syncerURL: 'x' }]);
});

t.test('the heartbeat budget: one write per interval, the first ones after a start spread out', async (t) => {
  const budget = new HeartbeatBudget(30_000, 1_000_000, () => 0.5);
  t.equal(budget.wait('a', 1_000_000), 15_000, 'not written since the start: somewhere within one interval');
  t.equal(budget.wait('a', 1_020_000), 0);
  budget.wrote('a', 1_020_000);
  t.equal(budget.wait('a', 1_030_000), 20_000);
  t.equal(budget.wait('a', 1_050_000), 0);
  budget.forget('a');
  t.equal(budget.wait('a', 1_050_000), 0, 'forgotten: treated as not written since the start');
});

t.test('the Ready history is mirrored with the conditions, and a new transition is a status change', async (t) => {
  const history = [{ time: '2026-01-01T00:00:00.000Z', status: 'True', reason: 'HeartbeatHealthy' }];
  const desired = desiredOf(record({}, {}, { conditions: [ready], conditionHistory: history }), undefined);
  t.same(desired.status.conditionHistory, history);
  const observed = withStatus(newObject('edge', desired), desired);
  t.equal(statusChange(observed, desired), 'none');
  const later = [...history, { time: '2026-01-01T00:01:00.000Z', status: 'Unknown', reason: 'HeartbeatTimeout' }];
  const next = desiredOf(record({}, {}, { conditions: [ready], conditionHistory: later }), undefined);
  t.equal(statusChange(observed, next), 'other');
});
