// Store contract, part 2: the change feed (order, listeners, compaction) and concurrency.
import type { Test } from 'tap';
import type { Change, Store } from '../../src/store/types.js';
import type { NewStoreFixture } from '../helpers/stores.js';
import { object, storeCode } from './contract-helpers.js';

const key = (name: string) => ({ kind: 'SyncTarget', namespace: '', name });

export function feedContract(t: Test, newFixture: NewStoreFixture): void {
  const withStore = (name: string, body: (t: Test, store: Store) => Promise<void>) =>
    t.test(name, async (t) => body(t, await (await newFixture(t)).open()));

  withStore(
    'changesSince: every write in order, with its type and object; limit; nothing after the latest',
    async (t, store) => {
      await store.create(object('a'));
      await store.update(object('a', { labels: { v: '2' } }));
      await store.create(object('b'));
      await store.delete(key('a'));
      const changes = await store.changesSince(0);
      t.same(
        changes.map((c) => [c.resourceVersion, c.type, c.object.metadata.name]),
        [
          [1, 'ADDED', 'a'],
          [2, 'MODIFIED', 'a'],
          [3, 'ADDED', 'b'],
          [4, 'DELETED', 'a'],
        ],
      );
      t.same(changes[1]!.object.metadata.labels, { v: '2' });
      t.equal(changes[3]!.object.metadata.resourceVersion, '4', 'a deletion carries its own version');
      t.same(
        (await store.changesSince(1, 2)).map((c) => c.resourceVersion),
        [2, 3],
      );
      t.same(await store.changesSince(4), []);
    },
  );

  withStore('onChange: every committed change in order, after commit; failed writes are silent', async (t, store) => {
    const seen: Change[] = [];
    const visible: unknown[] = [];
    const off = store.onChange((change) => {
      seen.push(change);
      // After commit: another read already sees the change.
      visible.push(store.get(key(change.object.metadata.name!)).then((o) => o?.metadata.resourceVersion));
    });
    await store.create(object('a'));
    await store.create(object('b'));
    await storeCode(store.create(object('a')));
    await store.delete(key('a'));
    t.same(
      seen.map((c) => [c.resourceVersion, c.type]),
      [
        [1, 'ADDED'],
        [2, 'ADDED'],
        [3, 'DELETED'],
      ],
      'seen before each write returned',
    );
    t.same(await Promise.all(visible), ['1', '2', undefined]);
    off();
    await store.create(object('c'));
    t.equal(seen.length, 3, 'no calls after unsubscribing');
  });

  withStore('a listener that throws does not stop the others or undo the write', async (t, store) => {
    const seen: number[] = [];
    store.onChange(() => {
      throw new Error('broken listener');
    });
    store.onChange((change) => seen.push(change.resourceVersion));
    const created = await store.create(object('a'));
    t.equal(created.metadata.resourceVersion, '1');
    t.same(seen, [1]);
    t.ok(await store.get(key('a')));
  });

  t.test('compaction keeps the newest changes; older versions are Expired', async (t) => {
    const store = await (await newFixture(t)).open({ changeRetention: 10 });
    await store.create(object('a'));
    // Both stores compact every 1000 writes.
    for (let i = 0; i < 1000; i++) await store.update(object('a', { labels: { i: String(i) } }));
    const latest = await store.currentResourceVersion();
    t.equal(latest, 1001);
    t.equal(await storeCode(store.changesSince(0)), 'Expired');
    const kept = await store.changesSince(latest - 10);
    t.same(
      kept.map((c) => c.resourceVersion),
      Array.from({ length: 10 }, (_, i) => latest - 9 + i),
      'the newest changes, in order',
    );
  });

  withStore('concurrent updates from one read: exactly one wins, the rest are Conflict', async (t, store) => {
    const created = await store.create(object('a'));
    const attempts = Array.from({ length: 8 }, (_, i) =>
      storeCode(
        store.update(object('a', { labels: { writer: String(i) } }), {
          resourceVersion: created.metadata.resourceVersion,
        }),
      ),
    );
    const codes = await Promise.all(attempts);
    t.equal(codes.filter((c) => c === 'resolved').length, 1);
    t.equal(codes.filter((c) => c === 'Conflict').length, 7);
    t.equal(await store.currentResourceVersion(), 2);
  });

  t.test('no lost update: read-modify-write loops from several stores on the same data', async (t) => {
    const fixture = await newFixture(t);
    const first = await fixture.open();
    // SQLite is one process by design; PostgreSQL gets a second store as a second replica.
    const stores = fixture.kind === 'postgres' ? [first, await fixture.open()] : [first];
    await first.create({ ...object('counter'), spec: { count: 0 } });
    const increment = async (store: Store) => {
      for (;;) {
        const current = (await store.get(key('counter')))!;
        const count = (current.spec as { count: number }).count;
        const code = await storeCode(
          store.update(
            { ...current, spec: { count: count + 1 } },
            { resourceVersion: current.metadata.resourceVersion },
          ),
        );
        if (code === 'resolved') return;
        if (code !== 'Conflict') throw new Error(`unexpected ${code}`);
      }
    };
    const workers = Array.from({ length: 6 }, (_, i) =>
      (async () => {
        for (let n = 0; n < 10; n++) await increment(stores[i % stores.length]!);
      })(),
    );
    await Promise.all(workers);
    t.same((await first.get(key('counter')))!.spec, { count: 60 });
  });
}
