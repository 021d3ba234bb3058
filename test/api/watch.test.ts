// Watches of list routes over real HTTP on both stores: the current state as ADDED, then
// changes; 410 Gone for a compacted resourceVersion; bookmarks; timeoutSeconds; selectors; and
// a watcher that does not read is cut off.
import t from 'tap';
import { ST_PATH, call, syncTarget, testApp } from '../helpers/app.js';
import { join } from 'node:path';
import { forEachStore, silentLog } from '../helpers/stores.js';
import { freshDatabase } from '../helpers/postgres.js';
import { PostgresStore } from '../../src/store/postgres/postgres.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite.js';
import { listening, openWatch } from '../helpers/watch-client.js';

// Two stores, each with several watches that wait on real timers: more than the default 30 s on a busy machine.
t.setTimeout(240_000);

const typesAndNames = (events: { type: string; object: any }[]) =>
  events.map((e) => `${e.type} ${e.object.metadata?.name}`);

forEachStore(t, (t, kind) => {
  t.test('resourceVersion 0 starts with ADDED events, then every change in order', async (t) => {
    const { app } = await testApp(t);
    await call(app, 'POST', ST_PATH, syncTarget('a'));
    const base = await listening(app);
    const watch = await openWatch(base, `${ST_PATH}?watch=true&resourceVersion=0`);
    t.equal(watch.status, 200);
    t.same(typesAndNames(await watch.waitFor(1)), ['ADDED a']);
    await call(app, 'POST', ST_PATH, syncTarget('b'));
    await call(app, 'PATCH', `${ST_PATH}/b`, { metadata: { labels: { env: 'prod' } } });
    await call(app, 'DELETE', `${ST_PATH}/a`);
    const events = await watch.waitFor(4);
    t.same(typesAndNames(events), ['ADDED a', 'ADDED b', 'MODIFIED b', 'DELETED a']);
    t.equal(events[2]!.object.metadata.labels.env, 'prod');
    t.equal(events[2]!.object.kind, 'SyncTarget');
    watch.close();
  });

  t.test("a watch from a list's resourceVersion gets the changes after it only", async (t) => {
    const { app } = await testApp(t);
    await call(app, 'POST', ST_PATH, syncTarget('a'));
    const listed = await call(app, 'GET', ST_PATH);
    await call(app, 'POST', ST_PATH, syncTarget('b'));
    const base = await listening(app);
    const watch = await openWatch(base, `${ST_PATH}?watch=1&resourceVersion=${listed.json.metadata.resourceVersion}`);
    t.same(typesAndNames(await watch.waitFor(1)), ['ADDED b']);
    await call(app, 'DELETE', `${ST_PATH}/b`);
    t.same(typesAndNames(await watch.waitFor(2)), ['ADDED b', 'DELETED b']);
    watch.close();
  });

  t.test('a resourceVersion older than the feed keeps: 410 Expired as an ERROR event', async (t) => {
    const dataDir = t.testdir();
    const store =
      kind === 'sqlite'
        ? new SqliteStore(join(dataDir, 'tmc.db'), { changeRetention: 2 })
        : new PostgresStore(await freshDatabase(t), { log: silentLog, changeRetention: 2, compactEvery: 1 });
    t.teardown(() => store.close());
    await store.migrate();
    const { app, call: request } = await testApp(t, { dataDir }, { store });
    for (const name of ['a', 'b', 'c', 'd']) await request('POST', ST_PATH, syncTarget(name));
    // SQLite compacts every 1000 writes: these fill the feed past that.
    if (kind === 'sqlite') {
      for (let i = 0; i < 1000; i++)
        await store.create({ apiVersion: 'v1', kind: 'Filler', metadata: { name: `f${i}` } } as never);
    }
    const base = await listening(app);
    const watch = await openWatch(base, `${ST_PATH}?watch=true&resourceVersion=1`);
    t.equal(watch.status, 200);
    const [event] = await watch.waitFor(1);
    t.equal(event!.type, 'ERROR');
    t.match(event!.object, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 410, reason: 'Expired' });
    t.same(await watch.ended, { aborted: false }, 'the server ends the stream');
  });

  t.test('label and field selectors filter the events; an unsupported field is a 400', async (t) => {
    const { app } = await testApp(t);
    const base = await listening(app);
    const labelled = await openWatch(base, `${ST_PATH}?watch=true&labelSelector=env%3Dprod`);
    const named = await openWatch(base, `${ST_PATH}?watch=true&fieldSelector=metadata.name%3Db`);
    await call(app, 'POST', ST_PATH, syncTarget('a', { env: 'prod' }));
    await call(app, 'POST', ST_PATH, syncTarget('b'));
    await call(app, 'POST', ST_PATH, syncTarget('c', { env: 'prod' }));
    t.same(typesAndNames(await labelled.waitFor(2)), ['ADDED a', 'ADDED c']);
    t.same(typesAndNames(await named.waitFor(1)), ['ADDED b']);
    labelled.close();
    named.close();
    const listed = await call(app, 'GET', `${ST_PATH}?fieldSelector=metadata.name!%3Db`);
    t.same(
      listed.json.items.map((i: any) => i.metadata.name),
      ['a', 'c'],
      'lists take field selectors too',
    );
    const bad = await call(app, 'GET', `${ST_PATH}?watch=true&fieldSelector=spec.unschedulable%3Dtrue`);
    t.equal(bad.statusCode, 400);
    t.match(bad.json, { kind: 'Status', reason: 'BadRequest', message: /spec\.unschedulable/ });
    const badFlag = await call(app, 'GET', `${ST_PATH}?watch=yes`);
    t.equal(badFlag.statusCode, 400);
  });

  t.test('timeoutSeconds ends the watch; bookmarks carry the latest resourceVersion', async (t) => {
    const { app } = await testApp(t, {}, { watch: { bookmarkIntervalMs: 200 } });
    const created = await call(app, 'POST', ST_PATH, syncTarget('a'));
    const base = await listening(app);
    const started = Date.now();
    const watch = await openWatch(base, `${ST_PATH}?watch=true&timeoutSeconds=1&allowWatchBookmarks=true`);
    t.same(await watch.ended, { aborted: false });
    const elapsed = Date.now() - started;
    t.ok(elapsed >= 900 && elapsed < 5000, `ended after ${elapsed} ms`);
    t.equal(watch.events[0]!.type, 'ADDED');
    const bookmarks = watch.events.filter((e) => e.type === 'BOOKMARK');
    t.ok(bookmarks.length >= 2, `${bookmarks.length} bookmarks`);
    t.match(bookmarks[0]!.object, { kind: 'SyncTarget', apiVersion: 'workload.kcp.io/v1alpha1' });
    t.equal(bookmarks[0]!.object.metadata.resourceVersion, created.json.metadata.resourceVersion);
    const plain = await openWatch(base, `${ST_PATH}?watch=true&timeoutSeconds=1`);
    await plain.ended;
    t.same(
      plain.events.map((e) => e.type),
      ['ADDED'],
      'no bookmarks unless allowed',
    );
  });

  // The bound is in the HTTP layer, alike for both stores; PostgreSQL is too slow at filling it here.
  const slowSkip = kind === 'postgres' ? 'SQLite only: 3,000 large writes take minutes on PostgreSQL' : false;
  t.test(
    'a watcher that does not read is cut off at the buffer bound',
    { timeout: 120_000, skip: slowSkip },
    async (t) => {
      const { app } = await testApp(t, {}, { watch: { maxBufferedBytes: 64 * 1024 } });
      const base = await listening(app);
      const url = new URL(`${base}${ST_PATH}?watch=true`);
      const { request } = await import('node:http');
      let response: import('node:http').IncomingMessage | undefined;
      let received = 0;
      const closed = new Promise<string>((resolve) => {
        const req = request(url, { headers: { authorization: 'Bearer test-admin-token-0123456789abcdef' } }, (res) => {
          response = res;
          res.pause(); // never reads
          res.on('data', (chunk: Buffer) => (received += chunk.length));
          res.on('close', () => resolve('closed'));
          res.on('error', () => resolve('closed'));
        });
        req.on('error', () => resolve('closed'));
        req.end();
      });
      // Written through the store: far faster than HTTP, to fill the kernel's socket buffers too.
      const created = await call(app, 'POST', ST_PATH, syncTarget('big'));
      const object = created.json;
      const sent = (n: number) => n * 32_000;
      let writes = 0;
      for (; writes < 3000; writes++) {
        object.metadata.annotations = { notes: `${writes}${'x'.repeat(32_000)}` };
        await app.store.update(object);
        if (writes % 50 === 0 && (await Promise.race([closed, new Promise((r) => setTimeout(() => r(undefined), 5))])))
          break;
      }
      // The server's close waits, in the client's socket, behind what the kernels took before the
      // cut: reading that shows the close, and that far less than everything was sent.
      response?.resume();
      t.equal(await closed, 'closed', 'the server closed the slow watch');
      t.ok(received < sent(writes) / 4, `the watcher got ${received} bytes of the ${sent(writes)} written`);
    },
  );
});

t.test('discovery lists watch among the verbs of listable kinds', async (t) => {
  const { call: request } = await testApp(t);
  const reply = await request('GET', '/apis/workload.kcp.io/v1alpha1');
  const synctargets = reply.json.resources.find((r: any) => r.name === 'synctargets');
  t.ok(synctargets.verbs.includes('watch'), JSON.stringify(synctargets.verbs));
});

t.test('list resourceVersion and resourceVersionMatch', async (t) => {
  const { call: request } = await testApp(t);
  const created = await request('POST', ST_PATH, syncTarget('a'));
  const rv = Number(created.json.metadata.resourceVersion);
  t.equal((await request('GET', `${ST_PATH}?resourceVersion=0`)).statusCode, 200);
  t.equal((await request('GET', `${ST_PATH}?resourceVersion=${rv}&resourceVersionMatch=NotOlderThan`)).statusCode, 200);
  t.equal((await request('GET', `${ST_PATH}?resourceVersion=${rv}&resourceVersionMatch=Exact`)).statusCode, 200);
  await request('POST', ST_PATH, syncTarget('b'));
  const old = await request('GET', `${ST_PATH}?resourceVersion=${rv}&resourceVersionMatch=Exact`);
  t.match(old, { statusCode: 410, json: { kind: 'Status', reason: 'Expired', code: 410 } });
  const future = await request('GET', `${ST_PATH}?resourceVersion=${rv + 100}`);
  t.match(future, { statusCode: 504, json: { reason: 'Timeout' } });
  t.equal((await request('GET', `${ST_PATH}?resourceVersionMatch=Exact`)).statusCode, 400);
  t.equal((await request('GET', `${ST_PATH}?resourceVersion=abc`)).statusCode, 400);
  t.equal((await request('GET', `${ST_PATH}?resourceVersion=1&resourceVersionMatch=Latest`)).statusCode, 400);
});
