// What keeping an object's entries apart is for: a write that changes one entry of an object
// placed on many targets writes that entry's row and no other, on both stores. Each row carries
// the version of the write that last changed it, read here with a connection of the test's own.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import t, { type Test } from 'tap';
import type { KubeObject } from '../../src/schemas/meta.js';
import { ENTRIES_APART_FROM } from '../../src/store/entries-apart.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite.js';
import type { ObjectKey, Store } from '../../src/store/types.js';
import { postgresFixture, testedStoreKinds } from '../helpers/stores.js';

const KEY: ObjectKey = { kind: 'Deployment', namespace: 'shop', name: 'web' };
const MANY = ENTRIES_APART_FROM * 2;

const entry = (i: number, state = 'Applied') => ({ name: `edge-${String(i).padStart(4, '0')}`, state });
const deployment = (entries: unknown[]): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: KEY.name, namespace: KEY.namespace, uid: 'uid-web' },
  spec: {},
  status: { syncTargets: entries },
});
const entriesOf = (object: KubeObject) => (object.status as { syncTargets: unknown[] }).syncTargets;

/** How many entry rows each version wrote last, e.g. { 1: 199, 2: 1 }. */
type RowVersions = () => Promise<Record<number, number>>;

interface Opened {
  open(): Promise<Store>;
  rowVersions: RowVersions;
}

async function sqliteStores(t: Test): Promise<Opened> {
  const file = join(t.testdir(), 'tmc.db');
  return {
    open: async () => {
      const store = new SqliteStore(file);
      t.teardown(() => store.close());
      await store.migrate();
      return store;
    },
    rowVersions: async () => {
      const db = new Database(file, { readonly: true });
      const rows = db
        .prepare('SELECT resource_version AS v, COUNT(*) AS n FROM object_entries GROUP BY resource_version')
        .all() as { v: number; n: number }[];
      db.close();
      return Object.fromEntries(rows.map((r) => [r.v, r.n]));
    },
  };
}

async function postgresStores(t: Test): Promise<Opened> {
  const fixture = await postgresFixture()(t);
  return {
    open: () => fixture.open(),
    rowVersions: async () => {
      const client = new pg.Client({ connectionString: fixture.databaseUrl });
      await client.connect();
      const { rows } = await client.query<{ v: string; n: string }>(
        'SELECT resource_version AS v, COUNT(*) AS n FROM object_entries GROUP BY resource_version',
      );
      await client.end();
      return Object.fromEntries(rows.map((r) => [Number(r.v), Number(r.n)]));
    },
  };
}

for (const kind of testedStoreKinds()) {
  void t.test(`${kind}: a write changes the rows of the entries it changed, no others`, async (t) => {
    const { open, rowVersions } = await (kind === 'sqlite' ? sqliteStores(t) : postgresStores(t));
    const store = await open();
    const created = await store.create(deployment(Array.from({ length: MANY }, (_, i) => entry(i))));
    t.same(await rowVersions(), { 1: MANY }, 'created: a row per entry');

    const kept = entriesOf(created);
    const one = await store.update(deployment([entry(0, 'Error'), ...kept.slice(1)]));
    t.same(await rowVersions(), { 1: MANY - 1, 2: 1 }, 'one entry changed: one row written');

    const fewer = await store.update(deployment([...entriesOf(one).slice(0, MANY - 3), entry(MANY + 1)]));
    t.same(await rowVersions(), { 1: MANY - 4, 2: 1, 3: 1 }, 'three removed, one added: one row written');

    // Another process knows no entries: it writes every row, and this one then does too.
    const other = await open();
    const read = (await other.get(KEY))!;
    await other.update(deployment([...entriesOf(read).slice(0, -1), entry(MANY + 2)]));
    t.same(
      await rowVersions(),
      { 1: MANY - 4, 2: 1, 4: 1 },
      'from another process that read it: one removed, one added',
    );
    await store.update(deployment(entriesOf(fewer)));
    t.same(await rowVersions(), { 5: MANY - 2 }, 'from a process behind the stored version: every row');

    const whole = await store.update(deployment(entriesOf(fewer).slice(0, 3)));
    t.same(await rowVersions(), {}, 'kept whole again: no rows');
    await store.update(deployment(Array.from({ length: MANY }, (_, i) => entry(i))));
    await store.delete(KEY);
    t.same(await rowVersions(), {}, 'deleted: no rows');
    t.equal(entriesOf(whole).length, 3);
  });
}
