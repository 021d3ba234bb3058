// Health as a pure function of the last heartbeat, and how conditions keep their transition times.
import t from 'tap';
import { healthMismatch, healthOf, mergeConditions } from '../../../src/heartbeat/health.js';

t.test('healthOf: never, within the threshold, at and past it', async (t) => {
  t.equal(healthOf(undefined, 10_000, 1000), 'NoHeartbeat');
  t.equal(healthOf(9_001, 10_000, 1000), 'HeartbeatHealthy');
  t.equal(healthOf(9_000, 10_000, 1000), 'HeartbeatTimeout', 'exactly the threshold is a timeout');
  t.equal(healthOf(1, 10_000, 1000), 'HeartbeatTimeout');
});

t.test(
  'mergeConditions: server conditions first, agent ones kept or replaced, times move only with status',
  async (t) => {
    const t0 = '2026-01-01T00:00:00.000Z';
    const t1 = '2026-01-01T00:01:00.000Z';
    const healthy = mergeConditions(undefined, 'HeartbeatHealthy', 60_000, t0, [
      { type: 'SyncerAuthorized', status: 'True' },
    ]);
    t.same(
      healthy.map((c) => [c.type, c.status, c.reason, c.lastTransitionTime]),
      [
        ['Ready', 'True', 'HeartbeatHealthy', t0],
        ['HeartbeatHealthy', 'True', 'HeartbeatHealthy', t0],
        ['SyncerAuthorized', 'True', undefined, t0],
      ],
    );
    const timeout = mergeConditions(healthy, 'HeartbeatTimeout', 60_000, t1);
    t.same(
      timeout.map((c) => [c.type, c.status, c.lastTransitionTime]),
      [
        ['Ready', 'Unknown', t1],
        ['HeartbeatHealthy', 'Unknown', t1],
        ['SyncerAuthorized', 'True', t0],
      ],
      'agent conditions are kept when none are reported',
    );
    const again = mergeConditions(healthy, 'HeartbeatHealthy', 60_000, t1, [
      { type: 'SyncerAuthorized', status: 'False', reason: 'Denied' },
    ]);
    t.equal(again[0]!.lastTransitionTime, t0, 'Ready stayed True: its time stays');
    t.match(again[2], { status: 'False', reason: 'Denied', lastTransitionTime: t1 });
  },
);

t.test('healthMismatch: true until both server conditions say the health with its reason', async (t) => {
  const healthy = mergeConditions(undefined, 'HeartbeatHealthy', 60_000, '2026-01-01T00:00:00Z');
  t.equal(healthMismatch(healthy, 'HeartbeatHealthy'), false);
  t.equal(healthMismatch(healthy, 'HeartbeatTimeout'), true);
  t.equal(healthMismatch(undefined, 'NoHeartbeat'), true);
  t.equal(healthMismatch([healthy[0]!], 'HeartbeatHealthy'), true, 'HeartbeatHealthy missing');
});
