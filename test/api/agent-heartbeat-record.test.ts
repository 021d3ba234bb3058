// The heartbeat endpoint through HTTP: what it records and answers, bare POSTs, and its metrics.
import t from 'tap';
import { ST_PATH, testApp } from '../helpers/app.js';
import { conditionOf, heartbeat, readTarget, sleep, targetWithToken } from '../helpers/agents.js';
import { REPORT } from './agent-heartbeat-setup.js';

t.test('a heartbeat records the report and answers the interval and the server time', async (t) => {
  const api = await testApp(t, { heartbeatIntervalMs: 20_000 });
  const token = await targetWithToken(api, 'edge-1');
  const reply = await heartbeat(api, 'edge-1', token, REPORT);
  t.equal(reply.statusCode, 200);
  t.same(Object.keys(reply.json).sort(), ['heartbeatIntervalSeconds', 'serverTime']);
  t.equal(reply.json.heartbeatIntervalSeconds, 20);
  t.ok(Math.abs(Date.parse(reply.json.serverTime) - Date.now()) < 60_000);
  const { status } = await readTarget(api, 'edge-1');
  t.match(status, {
    syncerVersion: 'v0.3.1',
    kubernetesVersion: 'v1.33.2',
    capacity: REPORT.capacity,
    allocatable: REPORT.allocatable,
  });
  t.ok(Date.parse(status.lastSyncerHeartbeatTime) <= Date.parse(reply.json.serverTime));
  t.same(
    status.conditions.map((c: { type: string }) => c.type),
    ['Ready', 'HeartbeatHealthy', 'SyncerAuthorized', 'DownstreamReachable'],
    "the agent's conditions are stored beside the server's own",
  );
  t.match(conditionOf({ status }, 'DownstreamReachable'), {
    status: 'True',
    reason: 'APIServerAnswers',
    message: 'ok',
    lastTransitionTime: String,
  });
});

t.test(
  "fields left out keep their value; sent conditions replace the agent's; lastTransitionTime moves only on a status change",
  async (t) => {
    const api = await testApp(t);
    const token = await targetWithToken(api, 'edge-1');
    await heartbeat(api, 'edge-1', token, REPORT);
    const before = await readTarget(api, 'edge-1');
    await sleep(20);
    await heartbeat(api, 'edge-1', token, {
      conditions: [
        { type: 'SyncerAuthorized', status: 'True' },
        { type: 'DownstreamReachable', status: 'False', reason: 'Timeout' },
      ],
    });
    const after = await readTarget(api, 'edge-1');
    t.equal(after.status.syncerVersion, 'v0.3.1', 'a field left out keeps its value');
    t.same(after.status.capacity, REPORT.capacity);
    t.equal(
      conditionOf(after, 'SyncerAuthorized')!.lastTransitionTime,
      conditionOf(before, 'SyncerAuthorized')!.lastTransitionTime,
      'same status, same time',
    );
    t.not(
      conditionOf(after, 'DownstreamReachable')!.lastTransitionTime,
      conditionOf(before, 'DownstreamReachable')!.lastTransitionTime,
      'new status, new time',
    );
    t.equal(
      conditionOf(after, 'Ready')!.lastTransitionTime,
      conditionOf(before, 'Ready')!.lastTransitionTime,
      'Ready stayed True',
    );

    await heartbeat(api, 'edge-1', token, { conditions: [] });
    const cleared = await readTarget(api, 'edge-1');
    t.same(
      cleared.status.conditions.map((c: { type: string }) => c.type),
      ['Ready', 'HeartbeatHealthy'],
    );
  },
);

t.test('a bare POST without a body is a heartbeat; unknown fields are dropped', async (t) => {
  const api = await testApp(t);
  const token = await targetWithToken(api, 'edge-1');
  const bare = await api.app.inject({
    method: 'POST',
    url: `${ST_PATH}/edge-1/heartbeat`,
    headers: { authorization: `Bearer ${token}` },
  });
  t.equal(bare.statusCode, 200);
  t.equal((await heartbeat(api, 'edge-1', token, { syncerVersion: 'v1', futureField: { x: 1 } })).statusCode, 200);
  const { status } = await readTarget(api, 'edge-1');
  t.equal(status.syncerVersion, 'v1');
  t.notOk('futureField' in status);
});

t.test('metrics: heartbeats by result, targets by Ready status, heartbeat age', async (t) => {
  const api = await testApp(t);
  const token = await targetWithToken(api, 'edge-1');
  await targetWithToken(api, 'edge-2');
  await heartbeat(api, 'edge-1', token, REPORT);
  await heartbeat(api, 'edge-1', token, REPORT);
  await heartbeat(api, 'edge-1', token, { syncerVersion: 7 });
  await heartbeat(api, 'edge-2', token);
  await heartbeat(api, 'edge-1', 'garbage');
  const text = (await api.call('GET', '/metrics', undefined, { token: null })).body;
  for (const line of [
    'tmc_agent_heartbeats_total{result="persisted"} 1',
    'tmc_agent_heartbeats_total{result="coalesced"} 1',
    'tmc_agent_heartbeats_total{result="invalid"} 1',
    'tmc_agent_heartbeats_total{result="forbidden"} 1',
    'tmc_agent_heartbeats_total{result="unauthorized"} 1',
    'tmc_synctargets{ready="True"} 1',
    'tmc_synctargets{ready="False"} 1',
    'tmc_synctargets{ready="Unknown"} 0',
  ])
    t.ok(text.includes(line), line);
  t.match(text, /tmc_synctarget_heartbeat_age_seconds\{synctarget="edge-1"\} \d/);
  t.notMatch(
    text,
    /tmc_synctarget_heartbeat_age_seconds\{synctarget="edge-2"\}/,
    'no age for a target that never heartbeated',
  );
});
