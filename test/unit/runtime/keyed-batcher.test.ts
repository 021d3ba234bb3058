// KeyedBatcher: items for one key that arrive while it is busy are handed over in one call, in
// order; an item answered with an Error fails alone; other keys are not held up.
import t from 'tap';
import { KeyedBatcher } from '../../../src/runtime/serialize.js';

t.test('items queued while a key is busy are flushed together, each with its own result', async (t) => {
  const calls: string[][] = [];
  const batcher = new KeyedBatcher<string, string>(async (key, items) => {
    calls.push([key, ...items]);
    return items.map((item) => (item === 'bad' ? new Error(`refused ${item}`) : `${key}:${item}`));
  });
  const first = batcher.run('a', 'one');
  const rest = ['two', 'bad', 'three'].map((item) => batcher.run('a', item).catch((e: Error) => e.message));
  const other = batcher.run('b', 'x');
  t.same(await Promise.all([first, ...rest, other]), ['a:one', 'a:two', 'refused bad', 'a:three', 'b:x']);
  // Everything was queued before the first flush: one call per key.
  t.same(calls, [
    ['a', 'one', 'two', 'bad', 'three'],
    ['b', 'x'],
  ]);
});

t.test('a flush that throws fails its whole batch, and the next batch still runs', async (t) => {
  let fail = true;
  const batcher = new KeyedBatcher<number, number>(async (_key, items) => {
    if (fail) {
      fail = false;
      throw new Error('store down');
    }
    return items.map((n) => n * 2);
  });
  await t.rejects(batcher.run('k', 1), /store down/);
  t.equal(await batcher.run('k', 2), 4);
});

t.test('after a costly flush the key pauses about as long: what arrives meanwhile is one batch', async (t) => {
  const calls: string[][] = [];
  const batcher = new KeyedBatcher<string, string>(async (_key, items) => {
    calls.push(items);
    // A costly write: the event loop turns many times before it ends.
    if (items[0] === 'costly') await new Promise((resolve) => setTimeout(resolve, 30));
    return items;
  });
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  await batcher.run('k', 'costly');
  const later: Promise<string>[] = [];
  for (const item of ['b', 'c', 'd']) {
    later.push(batcher.run('k', item));
    await turn();
  }
  t.same(await Promise.all(later), ['b', 'c', 'd']);
  t.same(calls, [['costly'], ['b', 'c', 'd']]);
});

t.test('no flush takes more than maxBatch items: the rest go in the next ones, in order', async (t) => {
  const calls: number[][] = [];
  const batcher = new KeyedBatcher<number, number>(
    async (_key, items) => {
      calls.push(items);
      return items;
    },
    undefined,
    2,
  );
  const all = [1, 2, 3, 4, 5].map((n) => batcher.run('k', n));
  t.same(await Promise.all(all), [1, 2, 3, 4, 5]);
  t.same(calls, [[1, 2], [3, 4], [5]]);
});
