// Store contract, part 5: an object placed on many targets (an entry each in status.syncTargets)
// reads back exactly as written, however a store keeps the entries, through every read and
// after every kind of change to them, from this process or another.
import type { Test } from 'tap';
import type { KubeObject } from '../../src/schemas/meta.js';
import { ENTRIES_APART_FROM } from '../../src/store/entries-apart.js';
import { type ObjectKey, type Store, StoreError } from '../../src/store/types.js';
import type { NewStoreFixture } from '../helpers/stores.js';
import { storeCode } from './contract-helpers.js';

const KEY: ObjectKey = { kind: 'Deployment', namespace: 'shop', name: 'web' };
const MANY = ENTRIES_APART_FROM + 20;

const entry = (i: number, state = 'Applied') => ({
  name: `edge-${String(i).padStart(4, '0')}`,
  state,
  lastUpdateTime: '2026-01-01T00:00:00Z',
  status: { replicas: 1, conditions: [{ type: 'Available', status: 'True' }] },
});

function deployment(entries: unknown[], extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: KEY.name, namespace: KEY.namespace, uid: 'uid-web', generation: 2 },
    spec: { replicas: 1 },
    // The entries between other fields: their place in the object is kept too.
    status: { observedGeneration: 2, syncTargets: entries, replicas: entries.length, ...extra },
  };
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => entry(from + i));

/** Two objects as the same JSON text (field order included); a mismatch shows where, not 60 KB of JSON. */
function sameText(t: Test, actual: unknown, expected: unknown, what: string): void {
  const [a, e] = [JSON.stringify(actual) ?? 'undefined', JSON.stringify(expected)];
  let at = 0;
  while (at < a.length && a[at] === e[at]) at++;
  const where = {
    offset: at,
    actual: a.slice(Math.max(0, at - 80), at + 80),
    expected: e.slice(Math.max(0, at - 80), at + 80),
  };
  t.ok(a === e, what, a === e ? {} : where);
}

/** The object as the store gives it back, by every read. */
async function readsBack(t: Test, store: Store, expected: KubeObject, what: string): Promise<void> {
  sameText(t, await store.get(KEY), expected, `${what}: get`);
  const listed = await store.list('Deployment', { namespace: KEY.namespace });
  sameText(
    t,
    listed.items.find((o) => o.metadata.name === KEY.name),
    expected,
    `${what}: list`,
  );
  const changes = await store.changesSince(Number(expected.metadata.resourceVersion) - 1);
  sameText(t, changes[0]?.object, expected, `${what}: the change`);
}

export function entriesContract(t: Test, newFixture: NewStoreFixture): void {
  void t.test('an object with many entries reads back exactly, after each change to them', async (t) => {
    const store = await (await newFixture(t)).open();
    const created = await store.create(deployment(range(0, MANY)));
    await readsBack(t, store, created, 'created');

    // As writers change a status: the entries kept are the same objects, changed ones replaced.
    const kept = (created.status as { syncTargets: unknown[] }).syncTargets;
    const changed = [...kept.slice(0, 5), entry(5, 'Error'), ...kept.slice(6, 40), ...kept.slice(41), entry(9999)];
    const updated = await store.update(deployment(changed, { note: 'x' }), { resourceVersion: '1' });
    await readsBack(t, store, updated, 'one changed, one removed, one added');

    const shrunk = await store.update(deployment(range(0, 3)));
    await readsBack(t, store, shrunk, 'below the threshold');
    const grown = await store.update(deployment(range(0, MANY + 5)));
    await readsBack(t, store, grown, 'above it again');
    const none = await store.update({ ...grown, status: { observedGeneration: 2 } });
    await readsBack(t, store, none, 'no entries at all');
  });

  void t.test('entries out of order, repeated or unnamed are kept as given', async (t) => {
    const store = await (await newFixture(t)).open();
    const shuffled = range(0, MANY).reverse();
    await readsBack(t, store, await store.create(deployment(shuffled)), 'reversed');
    const repeated = [...range(0, MANY), entry(MANY - 1)];
    await readsBack(t, store, await store.update(deployment(repeated)), 'one name twice');
    const odd = [...range(0, MANY), { state: 'Applied' }, 'text'];
    await readsBack(t, store, await store.update(deployment(odd)), 'entries without a name');
  });

  void t.test('a write from another process is never mixed with what this one knew', async (t) => {
    const fixture = await newFixture(t);
    const one = await fixture.open();
    const other = await fixture.open();
    const created = await one.create(deployment(range(0, MANY)));
    const read = (await other.get(KEY))!;
    const entries = (read.status as { syncTargets: unknown[] }).syncTargets;
    await other.update(deployment([entry(0, 'Error'), ...entries.slice(1)]), { resourceVersion: '1' });
    // `one` still holds the entries of version 1; its unconditional write replaces the whole status.
    const mine = (created.status as { syncTargets: unknown[] }).syncTargets;
    const overwritten = await one.update(deployment([...mine.slice(0, 10), entry(10, 'Stale'), ...mine.slice(11)]));
    await readsBack(t, one, overwritten, 'read here');
    await readsBack(t, other, overwritten, 'read by the other');
  });

  void t.test('a delete logs the last entries and leaves none behind for a new object', async (t) => {
    const store = await (await newFixture(t)).open();
    const created = await store.create(deployment(range(0, MANY)));
    const deleted = await store.delete(KEY, { uid: 'uid-web' });
    const last = { ...created, metadata: { ...created.metadata, resourceVersion: deleted.metadata.resourceVersion } };
    sameText(t, deleted, last, 'the delete answers the last state');
    const [change] = await store.changesSince(1);
    t.equal(change?.type, 'DELETED');
    sameText(t, change?.object, last, 'the DELETED change has every entry');
    const again = await store.create({ ...deployment([]), status: { observedGeneration: 0 } });
    await readsBack(t, store, again, 'created again without entries');
  });

  void t.test('a write that fails changes no entry', async (t) => {
    const store = await (await newFixture(t)).open();
    const created = await store.create(deployment(range(0, MANY)));
    const entries = (created.status as { syncTargets: unknown[] }).syncTargets;
    const stale = deployment([entry(0, 'Error'), ...entries.slice(1)]);
    t.equal(await storeCode(store.update(stale, { resourceVersion: '7' })), 'Conflict');
    t.equal(await storeCode(store.update(stale, { uid: 'uid-other' })), 'Conflict');
    // The entries kept are known sound: only a changed one is walked, and a flaw in it is named.
    const flawed = deployment([...entries.slice(0, 42), { ...entry(42), state: 'bad\u0000' }, ...entries.slice(43)]);
    const refused = await store.update(flawed).catch((error: unknown) => error);
    t.ok(refused instanceof StoreError && refused.code === 'Invalid', 'a NUL in a changed entry is refused');
    t.equal((refused as StoreError).field?.field, 'status.syncTargets[42].state');
    await readsBack(t, store, created, 'after the failed writes');
  });
}
