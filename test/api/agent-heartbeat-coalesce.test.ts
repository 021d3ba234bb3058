// Heartbeat coalescing: an unchanged heartbeat writes nothing, and its time is flushed in batches that survive a
// restart.
import t from 'tap';
import { ST_PATH, testApp } from '../helpers/app.js';
import { eventually, heartbeat, readTarget, sleep, targetWithToken } from '../helpers/agents.js';
import { REPORT } from './agent-heartbeat-setup.js';

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
