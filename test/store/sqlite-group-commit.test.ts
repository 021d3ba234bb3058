// The SQLite store commits the writes of one event-loop turn together, over a real file: until the
// loop turns no other connection sees them; each write still succeeds or fails alone; listeners
// hear of a change only once it is committed; closing commits what is open.
import Database from 'better-sqlite3';
import t from 'tap';
import { sqliteFixture } from '../helpers/stores.js';
import type { Change, Store } from '../../src/store/types.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite.js';
import { object } from './contract-helpers.js';

const key = (name: string) => ({ kind: 'SyncTarget', namespace: '', name });
/** What another connection to the file reads: only what is committed. */
const committedNames = (file: string): string[] => {
  const db = new Database(file, { readonly: true });
  try {
    return (
      db.prepare("SELECT name FROM objects WHERE kind = 'SyncTarget' ORDER BY name").all() as { name: string }[]
    ).map((row) => row.name);
  } finally {
    db.close();
  }
};

t.test('the writes of one turn are committed together, once the loop turns', async (t) => {
  const file = `${t.testdir()}/tmc.db`;
  const store: Store = new SqliteStore(file);
  await store.migrate();
  t.teardown(() => store.close());
  const heard: Change[] = [];
  store.onChange((change) => {
    // Told only once committed: another connection already reads it.
    t.ok(
      committedNames(file).includes(change.object.metadata.name!),
      `${change.object.metadata.name} committed when heard`,
    );
    heard.push(change);
  });
  const writes = ['edge-1', 'edge-2', 'edge-3'].map((name) => store.create(object(name)));
  // A write that fails takes its own savepoint back, not the others.
  const refused = store.create(object('edge-2')).catch((error: Error) => error);
  t.same(committedNames(file), [], 'nothing committed within the turn');
  t.equal(heard.length, 0, 'no listener told within the turn');
  const created = await Promise.all(writes);
  t.match(await refused, { code: 'AlreadyExists' });
  t.same(committedNames(file), ['edge-1', 'edge-2', 'edge-3']);
  t.same(
    created.map((o) => o.metadata.resourceVersion),
    ['1', '2', '3'],
  );
  t.same(
    heard.map((c) => c.resourceVersion),
    [1, 2, 3],
    'each change heard once, in order',
  );
  t.same(await store.get(key('edge-2')), created[1]);
});

t.test('a write left open when the store closes is committed, not rolled back', async (t) => {
  const fixture = await sqliteFixture(t);
  const first = await fixture.open();
  const pending = first.create(object('edge-9'));
  await first.close();
  t.equal((await pending).metadata.name, 'edge-9');
  const reopened = await fixture.open();
  t.equal((await reopened.get(key('edge-9')))?.metadata.uid, 'uid-edge-9');
});

t.test('a second store over the same file in this process commits the first one’s turn before its own', async (t) => {
  const fixture = await sqliteFixture(t);
  const [one, two] = [await fixture.open(), await fixture.open()];
  const a = one.create(object('edge-a'));
  // Waiting for the write lock here would wait for a commit only this thread can make.
  const b = two.create(object('edge-b'));
  t.same(
    (await Promise.all([a, b])).map((o) => o.metadata.resourceVersion),
    ['1', '2'],
  );
  t.equal((await one.get(key('edge-b')))?.metadata.name, 'edge-b');
});
