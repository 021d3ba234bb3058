// The heartbeat endpoint through HTTP: what it records, coalescing and batched flushes, and
// malformed heartbeats that must be refused with a Status and change nothing.
import t from 'tap';
import { ST_PATH, storeSnapshot, testApp } from '../helpers/app.js';
import { conditionOf, eventually, heartbeat, readTarget, sleep, targetWithToken } from '../helpers/agents.js';

const REPORT = {
  syncerVersion: 'v0.3.1',
  kubernetesVersion: 'v1.33.2',
  capacity: { cpu: '8', memory: '32Gi', pods: '110' },
  allocatable: { cpu: '7500m', memory: '30Gi', pods: '110' },
  conditions: [
    { type: 'SyncerAuthorized', status: 'True' },
    { type: 'DownstreamReachable', status: 'True', reason: 'APIServerAnswers', message: 'ok' },
  ],
};

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

t.test('an unchanged heartbeat is coalesced: no write, no new resourceVersion, yet reads show its time', async (t) => {
  const api = await testApp(t);
  const token = await targetWithToken(api, 'edge-1');
  await heartbeat(api, 'edge-1', token, REPORT);
  const first = await readTarget(api, 'edge-1');
  const version = await api.app.store.currentResourceVersion();
  await sleep(20);
  t.equal((await heartbeat(api, 'edge-1', token, REPORT)).statusCode, 200);
  await heartbeat(api, 'edge-1', token);
  t.equal(await api.app.store.currentResourceVersion(), version, 'the store-wide resourceVersion did not move');
  const stored = await api.app.store.get({ kind: 'SyncTarget', namespace: '', name: 'edge-1' });
  t.equal(
    (stored!.status as { lastSyncerHeartbeatTime: string }).lastSyncerHeartbeatTime,
    first.status.lastSyncerHeartbeatTime,
    'the object was not rewritten',
  );
  const read = await readTarget(api, 'edge-1');
  t.ok(
    Date.parse(read.status.lastSyncerHeartbeatTime) > Date.parse(first.status.lastSyncerHeartbeatTime),
    'GET shows the newer time',
  );
  t.equal(read.metadata.resourceVersion, first.metadata.resourceVersion);
  const list = await api.call('GET', ST_PATH);
  t.equal(list.json.items[0].status.lastSyncerHeartbeatTime, read.status.lastSyncerHeartbeatTime, 'so does the list');
});

t.test('coalesced heartbeat times are written in batches and survive a restart', async (t) => {
  const dataDir = t.testdir();
  const api = await testApp(t, { dataDir, heartbeatFlushIntervalMs: 200 });
  const token = await targetWithToken(api, 'edge-1');
  await heartbeat(api, 'edge-1', token);
  await sleep(20);
  await heartbeat(api, 'edge-1', token);
  const latest = Date.parse((await readTarget(api, 'edge-1')).status.lastSyncerHeartbeatTime);
  const flushed = await eventually(async () => (await api.app.store.readHeartbeats(['edge-1']))[0], 'a flush');
  t.equal(flushed.time, latest, 'the flush wrote the latest time');

  await sleep(20);
  await heartbeat(api, 'edge-1', token);
  const last = (await readTarget(api, 'edge-1')).status.lastSyncerHeartbeatTime;
  await api.app.close();
  const restarted = await testApp(t, { dataDir });
  t.equal((await readTarget(restarted, 'edge-1')).status.lastSyncerHeartbeatTime, last, 'closing flushed the last one');
});

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

t.test('malformed heartbeats are refused with a Status and change nothing', async (t) => {
  const api = await testApp(t, { bodyLimit: 4096 });
  const token = await targetWithToken(api, 'edge-1');
  const before = await storeSnapshot(api.app);
  const cases: [string, number, { body?: unknown; raw?: string; type?: string }][] = [
    ['not JSON', 400, { raw: '{"syncerVersion": ' }],
    ['an array', 400, { raw: '[]' }],
    ['a string', 400, { raw: '"alive"' }],
    ['a number for a version', 422, { body: { syncerVersion: 5 } }],
    ['a number for a quantity', 422, { body: { capacity: { cpu: 8 } } }],
    ['a quantity that is not one', 422, { body: { capacity: { cpu: 'lots' } } }],
    ['capacity as a string', 422, { body: { capacity: '8 cores' } }],
    ['conditions as an object', 422, { body: { conditions: { SyncerAuthorized: 'True' } } }],
    ['a condition without status', 422, { body: { conditions: [{ type: 'SyncerAuthorized' }] } }],
    [
      'a condition status outside True/False/Unknown',
      422,
      { body: { conditions: [{ type: 'SyncerAuthorized', status: 'Maybe' }] } },
    ],
    ['a condition type with spaces', 422, { body: { conditions: [{ type: 'not a type', status: 'True' }] } }],
    ['Ready set by the agent', 422, { body: { conditions: [{ type: 'Ready', status: 'True' }] } }],
    [
      'HeartbeatHealthy set by the agent',
      422,
      { body: { conditions: [{ type: 'HeartbeatHealthy', status: 'True' }] } },
    ],
    [
      'a condition type twice',
      422,
      {
        body: {
          conditions: [
            { type: 'X', status: 'True' },
            { type: 'X', status: 'False' },
          ],
        },
      },
    ],
    ['text/plain', 415, { raw: '{}', type: 'text/plain' }],
    ['merge-patch', 415, { raw: '{}', type: 'application/merge-patch+json' }],
    [
      'too large',
      413,
      {
        raw: JSON.stringify({
          conditions: Array.from({ length: 60 }, (_, i) => ({
            type: `T${i}`,
            status: 'True',
            message: 'x'.repeat(100),
          })),
        }),
      },
    ],
    [
      'too many conditions',
      422,
      { body: { conditions: Array.from({ length: 65 }, (_, i) => ({ type: `T${i}`, status: 'True' })) } },
    ],
    ['a version too long', 422, { body: { syncerVersion: 'v'.repeat(257) } }],
  ];
  for (const [what, code, { body, raw, type }] of cases) {
    const reply = await api.call('POST', `${ST_PATH}/edge-1/heartbeat`, body, {
      token,
      rawBody: raw,
      contentType: type,
    });
    t.equal(reply.statusCode, code, what);
    t.match(reply.json, { apiVersion: 'v1', kind: 'Status', status: 'Failure', code }, `${what}: a Status`);
    if (code === 422) t.ok(reply.json.details.causes.length > 0, `${what}: causes name the field`);
  }
  const ready = await api.call(
    'POST',
    `${ST_PATH}/edge-1/heartbeat`,
    { conditions: [{ type: 'Ready', status: 'True' }] },
    { token },
  );
  t.match(ready.json.details.causes, [{ field: 'conditions[0].type', reason: 'FieldValueForbidden' }]);
  const quantity = await api.call('POST', `${ST_PATH}/edge-1/heartbeat`, { capacity: { cpu: 'lots' } }, { token });
  t.same(
    quantity.json.details.causes,
    [
      {
        reason: 'FieldValueInvalid',
        field: 'capacity.cpu',
        message: 'Invalid value: "lots": must be a Kubernetes quantity, such as 500m, 2, 1.5 or 4Gi',
      },
    ],
    'a bad quantity is explained, not answered with a regular expression',
  );
  t.equal(await storeSnapshot(api.app), before, 'nothing was written');
  const { status } = await readTarget(api, 'edge-1');
  t.notOk(status.lastSyncerHeartbeatTime, 'no heartbeat time was recorded');
  t.match(conditionOf({ status }, 'Ready'), { status: 'False', reason: 'NoHeartbeat' });
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
