// Ready transitions with a short threshold: NoHeartbeat → HeartbeatHealthy → HeartbeatTimeout →
// HeartbeatHealthy, the timeout firing near the threshold, and the same across restarts.
// Lower bounds are exact (a timeout is never early); upper bounds have a generous margin.
import t from 'tap';
import { testApp } from '../helpers/app.js';
import { conditionOf, eventually, heartbeat, readTarget, readyOf, sleep, targetWithToken } from '../helpers/agents.js';

const THRESHOLD = 1500;
// How late a timeout may be written: the monitor's timer fires at the deadline, but on a loaded
// two-core machine the write can wait for the CPU (test/unit/heartbeat-monitor-scale checks the deadlines).
const MARGIN = 3000;
const config = { heartbeatThresholdMs: THRESHOLD, heartbeatIntervalMs: 500 };

/** Waits for Ready to leave True; resolves with the target as then read. */
const timedOut = (api: Parameters<typeof readTarget>[0], name: string) =>
  eventually(async () => {
    const target = await readTarget(api, name);
    return conditionOf(target, 'Ready')!.status === 'True' ? undefined : target;
  }, `${name} to time out`);

const millis = (time: string | undefined) => Date.parse(time!);

t.test('NoHeartbeat → HeartbeatHealthy → HeartbeatTimeout → HeartbeatHealthy', async (t) => {
  const api = await testApp(t, config);
  const token = await targetWithToken(api, 'edge-1');
  const fresh = await readTarget(api, 'edge-1');
  t.match(conditionOf(fresh, 'Ready'), { status: 'False', reason: 'NoHeartbeat' });
  t.match(conditionOf(fresh, 'HeartbeatHealthy'), { status: 'False', reason: 'NoHeartbeat' });

  await heartbeat(api, 'edge-1', token);
  const healthy = await readTarget(api, 'edge-1');
  t.match(conditionOf(healthy, 'Ready'), { status: 'True', reason: 'HeartbeatHealthy' }, 'Ready at once');
  t.match(conditionOf(healthy, 'HeartbeatHealthy'), { status: 'True', reason: 'HeartbeatHealthy' });
  const becameReady = conditionOf(healthy, 'Ready')!.lastTransitionTime;

  await sleep(300);
  await heartbeat(api, 'edge-1', token);
  const stillHealthy = await readTarget(api, 'edge-1');
  t.equal(
    conditionOf(stillHealthy, 'Ready')!.lastTransitionTime,
    becameReady,
    'no status change, no new lastTransitionTime',
  );
  const lastBeat = millis(stillHealthy.status.lastSyncerHeartbeatTime);

  const silent = await timedOut(api, 'edge-1');
  const ready = conditionOf(silent, 'Ready')!;
  t.match(ready, { status: 'Unknown', reason: 'HeartbeatTimeout' });
  t.match(conditionOf(silent, 'HeartbeatHealthy'), { status: 'Unknown', reason: 'HeartbeatTimeout' });
  const firedAfter = millis(ready.lastTransitionTime) - lastBeat;
  t.ok(firedAfter >= THRESHOLD, `not before the threshold (${firedAfter} ms after the last heartbeat)`);
  t.ok(firedAfter <= THRESHOLD + MARGIN, `soon after it (${firedAfter} ms after the last heartbeat)`);

  await heartbeat(api, 'edge-1', token);
  const back = await readTarget(api, 'edge-1');
  t.match(conditionOf(back, 'Ready'), { status: 'True', reason: 'HeartbeatHealthy' }, 'healthy again at once');
  t.ok(
    millis(conditionOf(back, 'Ready')!.lastTransitionTime) > millis(ready.lastTransitionTime),
    'a new lastTransitionTime',
  );
});

t.test('a target that keeps heartbeating never times out', async (t) => {
  const api = await testApp(t, config);
  const token = await targetWithToken(api, 'edge-1');
  const until = Date.now() + 3 * THRESHOLD;
  while (Date.now() < until) {
    await heartbeat(api, 'edge-1', token);
    await sleep(250);
  }
  t.match(await readyOf(api, 'edge-1'), { status: 'True', reason: 'HeartbeatHealthy' });
});

t.test('a target silent since before a restart still times out, from its last heartbeat', async (t) => {
  const dataDir = t.testdir();
  const first = await testApp(t, { ...config, dataDir });
  const token = await targetWithToken(first, 'edge-1');
  await heartbeat(first, 'edge-1', token);
  await sleep(200);
  await heartbeat(first, 'edge-1', token);
  const lastBeat = millis((await readTarget(first, 'edge-1')).status.lastSyncerHeartbeatTime);
  await first.app.close();

  const second = await testApp(t, { ...config, dataDir });
  const silent = await timedOut(second, 'edge-1');
  const ready = conditionOf(silent, 'Ready')!;
  t.match(ready, { status: 'Unknown', reason: 'HeartbeatTimeout' });
  const firedAfter = millis(ready.lastTransitionTime) - lastBeat;
  t.ok(firedAfter >= THRESHOLD, `the deadline counts from the last (coalesced) heartbeat: ${firedAfter} ms`);
  t.ok(firedAfter <= THRESHOLD + MARGIN, `and fires near it: ${firedAfter} ms`);
});

t.test('a target whose deadline passed while the server was down is Unknown soon after start', async (t) => {
  const dataDir = t.testdir();
  const first = await testApp(t, { ...config, dataDir });
  const token = await targetWithToken(first, 'edge-1');
  await heartbeat(first, 'edge-1', token);
  await first.app.close();
  await sleep(THRESHOLD + 200);

  const startedAt = Date.now();
  const second = await testApp(t, { ...config, dataDir });
  const silent = await timedOut(second, 'edge-1');
  t.match(conditionOf(silent, 'Ready'), { status: 'Unknown', reason: 'HeartbeatTimeout' });
  t.ok(millis(conditionOf(silent, 'Ready')!.lastTransitionTime) - startedAt <= MARGIN + 1000, 'right after the start');
  // The agent comes back: Ready again.
  await heartbeat(second, 'edge-1', token);
  t.match(await readyOf(second, 'edge-1'), { status: 'True', reason: 'HeartbeatHealthy' });
});
