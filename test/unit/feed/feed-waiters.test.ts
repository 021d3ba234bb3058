// FeedWaiters: a change that wakes thousands of held feeds ends their waits in slices, the event
// loop turning between slices; every wait still ends exactly once, as what ended it first.
import t from 'tap';
import { FeedWaiters, type WaitEnd } from '../../../src/feed/waiters.js';

const turn = () => new Promise((resolve) => setImmediate(resolve));

t.test('a wake ends the waits of its targets a slice per turn of the event loop', async (t) => {
  const counted: number[] = [];
  const waiters = new FeedWaiters((woken) => counted.push(woken), 3);
  const ended: WaitEnd[] = [];
  const waits = Array.from({ length: 10 }, (_, i) => waiters.wait(i === 9 ? 'other' : `t${i % 4}`, 60_000));
  for (const wait of waits) void wait.ended.then(({ end }) => ended.push(end));
  waiters.wake(['t0', 't1', 't2', 't3']);
  await Promise.resolve();
  t.equal(ended.length, 3, 'the first slice at once');
  t.equal(waiters.size, 7);
  waits[7]!.cancel(); // t3's second: left before its slice came
  await turn();
  t.equal(ended.length, 7, 'the next slice after a turn (and the cancelled one)');
  await turn();
  await turn();
  t.same(ended.filter((e) => e === 'changed').length, 8);
  t.same(ended.filter((e) => e === 'cancelled').length, 1);
  t.same(counted, [3, 3, 2], 'the woken counted as they end, the cancelled one not');
  t.equal(waiters.size, 1, "the other target's wait is still held");
  waiters.closeAll();
  t.same((await waits[9]!.ended).end, 'shutdown');
});

t.test('a shutdown during a wake ends the rest as shutdown, once', async (t) => {
  const waiters = new FeedWaiters(undefined, 2);
  const waits = Array.from({ length: 5 }, () => waiters.wait('t', 60_000));
  waiters.wake(['t']);
  waiters.closeAll();
  const ends = await Promise.all(waits.map(async (w) => (await w.ended).end));
  t.same(ends, ['changed', 'changed', 'shutdown', 'shutdown', 'shutdown']);
  await turn();
  await turn();
  t.equal(waiters.size, 0);
});
