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
