// A watch shows an object as a get shows it: through the kind's present hook, which for
// SyncTargets fills in the latest heartbeat time kept in memory. On both stores, over real HTTP.
import t from 'tap';
import { ST_PATH, syncTarget, testApp } from '../helpers/app.js';
import { heartbeat, readTarget, sleep, targetWithToken } from '../helpers/agents.js';
import { forEachStore } from '../helpers/stores.js';
import { listening, openWatch } from '../helpers/watch-client.js';

t.setTimeout(120_000);

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

forEachStore(t, (t) => {
  t.test('watch events carry the heartbeat time a get shows, not the stored one', async (t) => {
    // No flush during the test: the latest time lives only in memory.
    const api = await testApp(t, { heartbeatFlushIntervalMs: 3_600_000 });
    const token = await targetWithToken(api, 'edge');
    t.equal((await heartbeat(api, 'edge', token)).statusCode, 200, 'the first heartbeat is stored');
    await sleep(20);
    t.equal((await heartbeat(api, 'edge', token)).statusCode, 200, 'the second only moves the time in memory');
    const base = await listening(api.app);
    const initial = await openWatch(base, `${ST_PATH}?watch=true`);
    const [added] = await initial.waitFor(1);
    const stored = await api.app.store.get({ kind: 'SyncTarget', namespace: '', name: 'edge' });
    const shown = (await readTarget(api, 'edge')).status.lastSyncerHeartbeatTime;
    t.not(stored!.status && (stored!.status as any).lastSyncerHeartbeatTime, shown, 'the store is behind the get');
    t.equal(added!.object.status.lastSyncerHeartbeatTime, shown, 'the first ADDED events');

    await api.call('PATCH', `${ST_PATH}/edge`, { metadata: { labels: { env: 'prod' } } });
    await api.call('POST', ST_PATH, syncTarget('plain'));
    await api.call('DELETE', `${ST_PATH}/edge`);
    const events = await initial.waitFor(4);
    const order = ['ADDED edge', 'MODIFIED edge', 'ADDED plain', 'DELETED edge'];
    t.same(
      events.map((e) => `${e.type} ${e.object.metadata.name}`),
      order,
      'in order, though presenting waits on the store',
    );
    t.equal(events[1]!.object.status.lastSyncerHeartbeatTime, shown, 'a change');
    t.equal(events[1]!.object.metadata.labels.env, 'prod');
    initial.close();
    const again = await api.app.store.get({ kind: 'SyncTarget', namespace: '', name: 'plain' });
    t.notOk((again!.status as any)?.lastSyncerHeartbeatTime, 'the hook worked on a copy, not the shared change');
  });

  t.test('a watch of Tables shows the presented heartbeat too', async (t) => {
    const api = await testApp(t, { heartbeatFlushIntervalMs: 3_600_000 });
    const token = await targetWithToken(api, 'edge');
    await heartbeat(api, 'edge', token);
    await sleep(20);
    await heartbeat(api, 'edge', token);
    const base = await listening(api.app);
    const watch = await openWatch(base, `${ST_PATH}?watch=true&includeObject=Object`, TABLE);
    const [event] = await watch.waitFor(1);
    const row = event!.object.rows[0];
    t.equal(row.object.status.lastSyncerHeartbeatTime, (await readTarget(api, 'edge')).status.lastSyncerHeartbeatTime);
    watch.close();
  });
});
