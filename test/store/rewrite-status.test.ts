// The shared read-modify-write of a status, on both stores: concurrent writers all land, nothing
// is written when nothing changes, another incarnation counts as gone, and a writer that keeps
// losing gives up with the store's Conflict.
import t from 'tap';
import type { KubeObject } from '../../src/schemas/meta.js';
import { rewriteStatus } from '../../src/store/rewrite-status.js';
import { type ObjectKey, type Preconditions, type Store, StoreError } from '../../src/store/types.js';
import { ST_PATH, syncTarget, testApp } from '../helpers/app.js';
import { forEachStore } from '../helpers/stores.js';

const KEY = { kind: 'SyncTarget', namespace: '', name: 'edge-1' };
const notes = (object: KubeObject) => ((object.status ?? {}) as { notes?: string[] }).notes ?? [];

forEachStore(t, (t) => {
  t.test('concurrent rewrites all land; an unchanged status is not written', async (t) => {
    const { app, call } = await testApp(t);
    const created = (await call('POST', ST_PATH, syncTarget('edge-1'))).json as KubeObject;
    const writers = ['a', 'b', 'c', 'd'].map((note) =>
      rewriteStatus(app.store, KEY, {
        uid: created.metadata.uid,
        attempts: 20,
        change: (object) => ({ ...(object.status as object), notes: [...notes(object), note] }),
      }),
    );
    t.same(
      (await Promise.all(writers)).map((r) => r?.written),
      [true, true, true, true],
    );
    const stored = (await app.store.get(KEY))!;
    t.same(notes(stored).sort(), ['a', 'b', 'c', 'd'], 'no write lost');

    const version = await app.store.currentResourceVersion();
    const unchanged = await rewriteStatus(app.store, KEY, { change: () => undefined });
    t.equal(unchanged?.written, false);
    t.equal(unchanged?.object.metadata.resourceVersion, stored.metadata.resourceVersion);
    t.equal(await app.store.currentResourceVersion(), version, 'nothing written');
  });

  t.test('another incarnation or no object is gone; errors of the change pass through', async (t) => {
    const { app, call } = await testApp(t);
    await call('POST', ST_PATH, syncTarget('edge-1'));
    const change = () => ({ notes: ['x'] });
    t.equal(await rewriteStatus(app.store, KEY, { uid: 'some-other-uid', change }), undefined);
    t.equal(await rewriteStatus(app.store, { ...KEY, name: 'nowhere' }, { change }), undefined);
    await t.rejects(
      rewriteStatus(app.store, KEY, {
        change: () => {
          throw new Error('refused by the caller');
        },
      }),
      /refused by the caller/,
    );
  });

  t.test('a writer that loses every time gives up with Conflict after its attempts', async (t) => {
    const { app, call } = await testApp(t);
    await call('POST', ST_PATH, syncTarget('edge-1'));
    let others = 0;
    let lastOther = '';
    // Another writer gets in before each of this one's writes.
    const overtaken = {
      get: (key: ObjectKey) => app.store.get(key),
      update: async (object: KubeObject, preconditions: Preconditions) => {
        const current = (await app.store.get(KEY))!;
        const note = `other-${++others}`;
        // The app's own controllers may write too; what counts is that the last other write stands.
        await app.store.update(
          { ...current, status: { notes: [note] } },
          { resourceVersion: current.metadata.resourceVersion },
        );
        lastOther = note;
        return app.store.update(object, preconditions);
      },
    } as unknown as Store;
    let computed = 0;
    const error = await rewriteStatus(overtaken, KEY, {
      attempts: 3,
      change: () => ({ notes: [`mine-${++computed}`] }),
    }).catch((e: unknown) => e);
    t.ok(error instanceof StoreError && error.code === 'Conflict', `Conflict (${String(error)})`);
    t.equal(computed, 3, 'computed again from a fresh read for each attempt');
    t.same(notes((await app.store.get(KEY))!), [lastOther], 'the other writes stand');
  });
});
