// The shared informers on a real SQLite store: one list per kind whatever the number of readers,
// every change fanned out to every handler, a late handler replayed the cache first (as
// client-go's shared informer does), and no change lost or repeated around the list.
import t, { type Test } from 'tap';
import { prepareCreate } from '../../../src/api/resources/object-lifecycle.js';
import { syncTargetResource } from '../../../src/api/resources/synctargets.js';
import type { InformerHandler } from '../../../src/runtime/informer.js';
import { SharedInformers } from '../../../src/runtime/shared-informers.js';
import type { KubeObject } from '../../../src/schemas/meta.js';
import type { Store } from '../../../src/store/types.js';
import { syncTarget } from '../../helpers/app.js';
import { countingLists } from '../../helpers/counting-store.js';
import { sqliteFixture } from '../../helpers/stores.js';

const ST = 'SyncTarget';

const create = (store: Store, name: string) =>
  store.create(prepareCreate(syncTargetResource, syncTarget(name) as KubeObject, undefined));

/** What a handler heard, one line per call: "initial ADDED a", "MODIFIED a (was 3)". */
function recorder(): { heard: string[]; handler: InformerHandler } {
  const heard: string[] = [];
  const handler: InformerHandler = (change, previous, initial) => {
    const was = previous ? ` (was ${previous.metadata.resourceVersion})` : '';
    heard.push(`${initial ? 'initial ' : ''}${change.type} ${change.object.metadata.name}${was}`);
  };
  return { heard, handler };
}

async function opened(t: Test) {
  const store = await (await sqliteFixture(t)).open();
  const counting = countingLists(store);
  const informers = new SharedInformers(counting.store, [ST, 'Deployment']);
  t.teardown(() => informers.stop());
  return { store, lists: counting.lists, informers };
}

/** Lets the store's change feed deliver what was written (SQLite delivers after the commit). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

t.test('each kind is listed once; every handler hears the list, then every change', async (t) => {
  const { store, lists, informers } = await opened(t);
  const a = await create(store, 'a');
  const first = recorder();
  const second = recorder();
  informers.informer(ST).addHandler(first.handler);
  informers.informer(ST).addHandler(second.handler);
  await informers.start();
  t.same(lists, { SyncTarget: 1, Deployment: 1 }, 'one list per kind, for two handlers');

  await create(store, 'b');
  const updated = await store.update({ ...a, metadata: { ...a.metadata, labels: { pool: 'edge' } } });
  await store.delete({ kind: ST, namespace: '', name: 'b' });
  await settle();
  const modified = `MODIFIED a (was ${a.metadata.resourceVersion})`;
  const expected = ['initial ADDED a', 'ADDED b', modified, /^DELETED b \(was \d+\)$/];
  t.match(first.heard, expected);
  t.equal(first.heard.length, expected.length, first.heard.join(', '));
  t.same(second.heard, first.heard, 'both handlers hear the same');
  t.same(
    [...informers.informer(ST).list()].map((o) => o.metadata.resourceVersion),
    [updated.metadata.resourceVersion],
  );
  t.equal(informers.informer(ST).get('b'), undefined);
  t.same(lists, { SyncTarget: 1, Deployment: 1 }, 'and no list after the start');
});

t.test('a handler added after the start hears the cache first; once removed it hears nothing', async (t) => {
  const { store, lists, informers } = await opened(t);
  await create(store, 'a');
  await informers.start();
  await create(store, 'b');
  await settle();
  const late = recorder();
  const remove = informers.informer(ST).addHandler(late.handler);
  t.same(late.heard.sort(), ['initial ADDED a', 'initial ADDED b'], 'a replay of the cache, at once');
  await create(store, 'c');
  await settle();
  t.same(late.heard.slice(2), ['ADDED c']);
  remove();
  await create(store, 'd');
  await settle();
  t.equal(late.heard.length, 3, 'nothing after its removal');
  t.equal(informers.informer(ST).get('d')?.metadata.name, 'd', 'while the cache stays current');
  t.same(lists, { SyncTarget: 1, Deployment: 1 }, 'the late handler cost no list');
});

t.test('a change made just before the list is not heard twice; one made during it is heard once', async (t) => {
  const store = await (await sqliteFixture(t)).open();
  // The informer subscribes to the feed, then lists: "early" is written between the two (so the
  // list holds it and the feed buffers it), "during" after the list is read (the feed alone has it).
  const racing: Store = Object.create(store) as Store;
  racing.list = async (kind, options) => {
    await create(store, 'early');
    const listed = await store.list(kind, options);
    await create(store, 'during');
    return listed;
  };
  racing.onChange = (listener) => store.onChange(listener);
  const informers = new SharedInformers(racing, [ST]);
  t.teardown(() => informers.stop());
  const heard = recorder();
  informers.informer(ST).addHandler(heard.handler);
  await informers.start();
  await settle();
  t.same(heard.heard, ['initial ADDED early', 'ADDED during']);
  t.same([...informers.informer(ST).list()].map((o: KubeObject) => o.metadata.name).sort(), ['during', 'early']);
});

t.test('a list that fails fails the start and whoever waits for the cache', async (t) => {
  const store = await (await sqliteFixture(t)).open();
  const failing: Store = Object.create(store) as Store;
  failing.list = async () => {
    throw new Error('the disk is gone');
  };
  failing.onChange = (listener) => store.onChange(listener);
  const informers = new SharedInformers(failing, [ST]);
  await t.rejects(informers.start(), /the disk is gone/);
  await t.rejects(informers.informer(ST).synced(), /the disk is gone/);
});

t.test('a kind nobody made an informer for is a wiring mistake, said at once', async (t) => {
  const informers = new SharedInformers(await (await sqliteFixture(t)).open(), [ST]);
  t.throws(() => informers.informer('Placement'), /no shared informer for Placement/);
  t.same(informers.kinds, [ST]);
});
