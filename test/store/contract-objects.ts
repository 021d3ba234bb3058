// Store contract, part 1: reading and writing objects, preconditions, errors, versions.
import type { Test } from 'tap';
import { type Store, StoreError } from '../../src/store/types.js';
import type { NewStoreFixture } from '../helpers/stores.js';
import { object, storeCode } from './contract-helpers.js';

export function objectContract(t: Test, newFixture: NewStoreFixture): void {
  const withStore = (name: string, body: (t: Test, store: Store) => Promise<void>) =>
    t.test(name, async (t) => body(t, await (await newFixture(t)).open()));

  withStore('migrate can run again, ping answers, an empty store is at version 0', async (t, store) => {
    await store.migrate();
    await store.ping();
    t.equal(await store.currentResourceVersion(), 0);
    t.same(await store.list('SyncTarget'), { items: [], resourceVersion: 0 });
    t.same(await store.changesSince(0), []);
  });

  withStore('create stamps the next version; get returns exactly what was stored', async (t, store) => {
    const created = await store.create(object('edge-1', { labels: { env: 'prod' } }));
    t.equal(created.metadata.resourceVersion, '1');
    t.same(created.metadata.labels, { env: 'prod' });
    t.same(await store.get({ kind: 'SyncTarget', namespace: '', name: 'edge-1' }), created);
    const second = await store.create(object('edge-2'));
    t.equal(second.metadata.resourceVersion, '2');
    t.equal(await store.currentResourceVersion(), 2);
    t.equal(await store.get({ kind: 'SyncTarget', namespace: '', name: 'absent' }), undefined);
    t.equal(await store.get({ kind: 'Deployment', namespace: '', name: 'edge-1' }), undefined, 'kinds are separate');
  });

  withStore('create on a taken key is AlreadyExists and changes nothing', async (t, store) => {
    const first = await store.create(object('edge-1'));
    t.equal(await storeCode(store.create(object('edge-1', { labels: { other: 'x' } }))), 'AlreadyExists');
    t.same(await store.get({ kind: 'SyncTarget', namespace: '', name: 'edge-1' }), first);
    t.equal(await store.currentResourceVersion(), 1, 'a failed write takes no version');
  });

  withStore('update checks resourceVersion and uid, and NotFound for a missing object', async (t, store) => {
    const created = await store.create(object('edge-1', { uid: 'uid-1' }));
    const next = { ...created, spec: { unschedulable: true } };
    const updated = await store.update(next, { resourceVersion: '1', uid: 'uid-1' });
    t.equal(updated.metadata.resourceVersion, '2');
    t.same(updated.spec, { unschedulable: true });
    t.equal(await storeCode(store.update(next, { resourceVersion: '1' })), 'Conflict', 'stale resourceVersion');
    t.equal(await storeCode(store.update(next, { uid: 'uid-2' })), 'Conflict', 'another uid');
    t.equal(await storeCode(store.update(object('absent'), {})), 'NotFound');
    t.equal(await store.currentResourceVersion(), 2);
    const unconditional = await store.update({ ...next, spec: { unschedulable: false } });
    t.equal(unconditional.metadata.resourceVersion, '3', 'no preconditions: the update always applies');
    t.same(await store.get({ kind: 'SyncTarget', namespace: '', name: 'edge-1' }), unconditional);
  });

  t.test(
    'the uid precondition holds whoever wrote last: this store, another over the same data, a re-create',
    async (t) => {
      const fixture = await newFixture(t);
      const [store, other] = [await fixture.open(), await fixture.open()];
      const key = { kind: 'SyncTarget', namespace: '', name: 'edge-1' };
      const created = await store.create(object('edge-1', { uid: 'uid-1' }));
      const updated = await store.update(created, { resourceVersion: '1', uid: 'uid-1' });
      t.equal(await storeCode(store.update(updated, { resourceVersion: '2', uid: 'uid-2' })), 'Conflict', 'as written');
      // Another store (process) deletes it and creates it again under another uid.
      await other.delete(key);
      const again = await other.create(object('edge-1', { uid: 'uid-new' }));
      t.equal(await storeCode(store.update(again, { uid: 'uid-1' })), 'Conflict', 'the old uid, written elsewhere');
      t.equal(await storeCode(store.update(again, { resourceVersion: '2', uid: 'uid-new' })), 'Conflict', 'stale');
      const taken = await store.update(again, { resourceVersion: again.metadata.resourceVersion, uid: 'uid-new' });
      t.equal(taken.metadata.uid, 'uid-new');
      t.equal(await storeCode(other.update(taken, { uid: 'uid-1' })), 'Conflict', 'read by neither');
      t.same(await other.get(key), taken);
      t.equal(
        await storeCode(other.update(taken, { resourceVersion: taken.metadata.resourceVersion, uid: 'x' })),
        'Conflict',
      );
      const last = await other.update(taken, { resourceVersion: taken.metadata.resourceVersion, uid: 'uid-new' });
      t.equal(last.metadata.resourceVersion, String(Number(taken.metadata.resourceVersion) + 1));
    },
  );

  withStore('delete returns the last state stamped with the deletion version', async (t, store) => {
    await store.create(object('edge-1', { uid: 'uid-1' }));
    const key = { kind: 'SyncTarget', namespace: '', name: 'edge-1' };
    t.equal(await storeCode(store.delete(key, { resourceVersion: '7' })), 'Conflict');
    t.equal(await storeCode(store.delete(key, { uid: 'other' })), 'Conflict');
    const deleted = await store.delete(key, { resourceVersion: '1', uid: 'uid-1' });
    t.equal(deleted.metadata.resourceVersion, '2');
    t.equal(deleted.metadata.name, 'edge-1');
    t.equal(await store.get(key), undefined);
    t.equal(await storeCode(store.delete(key)), 'NotFound');
    const again = await store.create(object('edge-1'));
    t.equal(again.metadata.resourceVersion, '3', 'the name can be taken again');
  });

  withStore('StoreError carries its code and a message naming the object', async (t, store) => {
    const error = await store.delete({ kind: 'SyncTarget', namespace: 'ns', name: 'gone' }).catch((e: unknown) => e);
    t.ok(error instanceof StoreError);
    t.match((error as StoreError).message, /gone/);
  });

  withStore('list: byte order of (namespace, name), namespace filter, after, limit, version', async (t, store) => {
    // Punctuation and case sort differently under natural-language collations.
    for (const name of ['b', 'B', 'a-c', 'ab', 'a.b']) await store.create(object(name));
    for (const [ns, name] of [
      ['team-b', 'x'],
      ['team-a', 'y'],
      ['team-a', 'x'],
    ] as const)
      await store.create(object(name, { kind: 'Deployment', namespace: ns }));
    const names = (items: { metadata: { name?: string; namespace?: string } }[]) =>
      items.map((i) => `${i.metadata.namespace ?? ''}/${i.metadata.name}`);
    const all = await store.list('SyncTarget');
    t.same(names(all.items), ['/B', '/a-c', '/a.b', '/ab', '/b']);
    t.equal(all.resourceVersion, 8);
    t.same(names((await store.list('SyncTarget', { after: { namespace: '', name: 'a.b' }, limit: 2 })).items), [
      '/ab',
      '/b',
    ]);
    t.same(names((await store.list('Deployment')).items), ['team-a/x', 'team-a/y', 'team-b/x']);
    t.same(names((await store.list('Deployment', { namespace: 'team-a', limit: 1 })).items), ['team-a/x']);
    t.same(names((await store.list('Deployment', { after: { namespace: 'team-a', name: 'y' } })).items), ['team-b/x']);
    t.same((await store.list('Placement')).items, []);
  });

  withStore(
    'keys holding NUL (from a crafted continue token or URL) name nothing and fail cleanly',
    async (t, store) => {
      await store.create(object('ab'));
      await store.create(object('ab-c'));
      const after = await store.list('SyncTarget', { after: { namespace: '', name: 'ab\u0000z' } });
      t.same(
        after.items.map((i) => i.metadata.name),
        ['ab-c'],
      );
      t.same((await store.list('SyncTarget', { after: { namespace: '\u0000', name: '' } })).items, []);
      t.same((await store.list('SyncTarget', { namespace: 'a\u0000' })).items, []);
      t.equal(await store.get({ kind: 'SyncTarget', namespace: '', name: 'ab\u0000' }), undefined);
      t.equal(await storeCode(store.delete({ kind: 'SyncTarget', namespace: '', name: 'ab\u0000' })), 'NotFound');
    },
  );

  t.test('a closed and reopened store keeps objects, versions and the change feed', async (t) => {
    const fixture = await newFixture(t);
    const first = await fixture.open();
    await first.create(object('edge-1'));
    await first.update(object('edge-1', { labels: { a: 'b' } }));
    await first.close();
    const second = await fixture.open();
    t.equal(await second.currentResourceVersion(), 2);
    t.same((await second.get({ kind: 'SyncTarget', namespace: '', name: 'edge-1' }))?.metadata.labels, { a: 'b' });
    t.same(
      (await second.changesSince(0)).map((c) => c.type),
      ['ADDED', 'MODIFIED'],
    );
    t.equal((await second.create(object('edge-2'))).metadata.resourceVersion, '3', 'versions continue, never repeat');
  });
}
