// The app on each store: forEachStore and testApp give API tests PostgreSQL as well as SQLite;
// readiness pings the database; the leader election matches the store.
import { join } from 'node:path';
import t from 'tap';
import { ST_PATH, syncTarget, testApp } from '../helpers/app.js';
import { freshDatabase, sqlOn } from '../helpers/postgres.js';
import { forEachStore } from '../helpers/stores.js';

forEachStore(t, (t, kind) => {
  t.test('the app runs on the chosen store and leads its controllers', async (t) => {
    const { app, call } = await testApp(t);
    t.equal(app.store.dialect, kind);
    t.equal(app.leader.isLeader(), true, 'a lone replica leads');
    t.equal((await call('POST', ST_PATH, syncTarget('edge-1'))).statusCode, 201);
    const ready = await call('GET', '/readyz', undefined, { token: null });
    t.equal(ready.statusCode, 200);
    t.equal(ready.json.checks.store, 'ok');
  });

  t.test('an app built again on the same data directory finds the same data', async (t) => {
    const first = await testApp(t);
    await first.call('POST', ST_PATH, syncTarget('edge-1'));
    await first.app.close();
    const second = await testApp(t, { dataDir: first.dataDir });
    t.equal((await second.call('GET', `${ST_PATH}/edge-1`)).statusCode, 200);
    const other = await testApp(t, { dataDir: join(first.dataDir, 'elsewhere') });
    t.equal((await other.call('GET', `${ST_PATH}/edge-1`)).statusCode, 404, 'another data directory is other storage');
  });
});

t.test('readyz on PostgreSQL answers 503 once the database is gone', async (t) => {
  const url = await freshDatabase(t);
  const { call } = await testApp(t, { databaseUrl: url });
  t.equal((await call('GET', '/readyz', undefined, { token: null })).statusCode, 200);
  const name = new URL(url).pathname.slice(1);
  await sqlOn(new URL('/postgres', url).toString(), `DROP DATABASE ${name} WITH (FORCE)`);
  const reply = await call('GET', '/readyz', undefined, { token: null });
  t.equal(reply.statusCode, 503);
  t.match(reply.json.checks.store, /does not exist|terminat/);
});

t.test('whileLeader runs a controller while the app leads and stops it when the app closes', async (t) => {
  const { app } = await testApp(t);
  const events: string[] = [];
  app.whileLeader('probe', { start: () => void events.push('start'), stop: () => void events.push('stop') });
  await new Promise((resolve) => setImmediate(resolve));
  t.same(events, ['start']);
  await app.close();
  t.same(events, ['start', 'stop']);
});
