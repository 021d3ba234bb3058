// status.conditionHistory: the server's record of a SyncTarget's Ready transitions, on both
// stores, from creation through a heartbeat timeout and back.
import t from 'tap';
import { testApp } from '../helpers/app.js';
import { conditionOf, eventually, heartbeat, readTarget, targetWithToken } from '../helpers/agents.js';
import { forEachStore } from '../helpers/stores.js';

const config = { heartbeatThresholdMs: 1500, heartbeatIntervalMs: 500 };
const steps = (target: any) => target.status.conditionHistory.map((e: any) => `${e.status}/${e.reason}`);

forEachStore(t, (t) => {
  t.test('each change of Ready adds one entry with its time; a heartbeat that changes nothing adds none', async (t) => {
    const api = await testApp(t, config);
    const token = await targetWithToken(api, 'edge-1');
    t.same(steps(await readTarget(api, 'edge-1')), ['False/NoHeartbeat']);

    await heartbeat(api, 'edge-1', token);
    await heartbeat(api, 'edge-1', token);
    const healthy = await readTarget(api, 'edge-1');
    t.same(steps(healthy), ['False/NoHeartbeat', 'True/HeartbeatHealthy']);
    t.equal(healthy.status.conditionHistory[1].time, conditionOf(healthy, 'Ready')!.lastTransitionTime);

    const silent = await eventually(async () => {
      const target = await readTarget(api, 'edge-1');
      return conditionOf(target, 'Ready')!.status === 'Unknown' ? target : undefined;
    }, 'edge-1 to time out');
    t.same(steps(silent), ['False/NoHeartbeat', 'True/HeartbeatHealthy', 'Unknown/HeartbeatTimeout']);
    const [, , timedOut] = silent.status.conditionHistory;
    t.equal(timedOut.time, conditionOf(silent, 'Ready')!.lastTransitionTime);

    await heartbeat(api, 'edge-1', token);
    const back = await readTarget(api, 'edge-1');
    t.same(steps(back).slice(-1), ['True/HeartbeatHealthy']);
    t.equal(back.status.conditionHistory.length, 4);
    const times = back.status.conditionHistory.map((e: any) => Date.parse(e.time));
    t.same(
      times,
      [...times].sort((a, b) => a - b),
      'oldest first',
    );
  });
});
