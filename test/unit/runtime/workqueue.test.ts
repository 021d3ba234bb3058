// The controllers' work queue: de-duplication, one key in flight at a time, back-off on
// failure, delayed keys behind a single timer, periodic resync, and a clean stop.
import t from 'tap';
import { WorkQueue } from '../../../src/runtime/workqueue.js';
import { timerCounter } from '../../helpers/timers.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

t.test('a key queued several times while waiting is processed once', async (t) => {
  const seen: string[] = [];
  const queue = new WorkQueue({ process: async (key) => void seen.push(key) });
  queue.add('a');
  queue.add('b');
  queue.add('a');
  queue.start();
  await until(() => seen.length >= 2);
  await sleep(50);
  t.same(seen, ['a', 'b']);
  await queue.stop();
});

t.test('a key is never processed twice at once; one added while in flight runs again afterwards', async (t) => {
  let running = 0;
  let overlap = false;
  let runs = 0;
  let release!: () => void;
  const queue = new WorkQueue({
    concurrency: 4,
    process: async () => {
      overlap ||= running > 0;
      running++;
      runs++;
      if (runs === 1) await new Promise<void>((resolve) => (release = resolve));
      running--;
    },
  });
  queue.start();
  queue.add('a');
  await until(() => runs === 1);
  queue.add('a');
  queue.add('a');
  await sleep(50);
  t.equal(runs, 1, 'waits for the run in flight');
  release();
  await until(() => runs === 2);
  await sleep(50);
  t.equal(runs, 2, 'the adds during the run collapse into one more run');
  t.notOk(overlap);
  await queue.stop();
});

t.test('different keys run concurrently up to the limit', async (t) => {
  let running = 0;
  let peak = 0;
  const queue = new WorkQueue({
    concurrency: 3,
    process: async () => {
      peak = Math.max(peak, ++running);
      await sleep(30);
      running--;
    },
  });
  for (let i = 0; i < 10; i++) queue.add(`k${i}`);
  queue.start();
  await until(() => queue.depth.ready === 0 && queue.depth.active === 0);
  t.equal(peak, 3);
  await queue.stop();
});

t.test('a failing key is retried with exponential back-off, and reset by a success', async (t) => {
  const attempts: number[] = [];
  const errors: number[] = [];
  const queue = new WorkQueue({
    backoff: { baseMs: 40, maxMs: 1000 },
    onError: (_key, _error, failures) => errors.push(failures),
    process: async () => {
      attempts.push(Date.now());
      if (attempts.length < 4) throw new Error('not yet');
    },
  });
  queue.start();
  queue.add('a');
  await until(() => attempts.length === 4);
  const gaps = attempts.slice(1).map((at, i) => at - attempts[i]!);
  t.same(errors, [1, 2, 3]);
  t.ok(gaps[0]! >= 39 && gaps[1]! >= 79 && gaps[2]! >= 159, `gaps grow: ${gaps.join(', ')} ms`);
  await sleep(300);
  t.equal(attempts.length, 4, 'no retry after the success');
  await queue.stop();
});

t.test('delayed keys: the earlier time wins, and ten thousand of them share one timer', async (t) => {
  const timers = timerCounter(t);
  const seen: string[] = [];
  const queue = new WorkQueue({ process: async (key) => void seen.push(key) });
  queue.start();
  const before = timers();
  for (let i = 0; i < 10_000; i++) queue.addAfter(`k${i}`, 60_000 + i);
  t.equal(queue.depth.delayed, 10_000);
  t.equal(timers() - before, 1, 'one timer for all');
  queue.addAfter('soon', 200);
  queue.addAfter('soon', 5_000);
  queue.addAfter('sooner', 50);
  t.equal(timers() - before, 1, 're-arming replaces the timer');
  await until(() => seen.length === 2);
  t.same(seen, ['sooner', 'soon']);
  await queue.stop();
  t.equal(timers(), before, 'stop leaves no timer behind');
});

t.test('resync queues every key again, periodically', async (t) => {
  const seen: string[] = [];
  const queue = new WorkQueue({
    process: async (key) => void seen.push(key),
    resync: { intervalMs: 50, keys: () => ['x', 'y'] },
  });
  queue.start();
  await until(() => seen.filter((k) => k === 'x').length >= 2);
  t.ok(seen.includes('y'));
  await queue.stop();
});

t.test('stop waits for the keys in flight and takes no new ones', async (t) => {
  let finished = false;
  const seen: string[] = [];
  const queue = new WorkQueue({
    process: async (key) => {
      seen.push(key);
      await sleep(100);
      finished = true;
    },
  });
  queue.start();
  queue.add('a');
  await until(() => seen.length === 1);
  await queue.stop();
  t.ok(finished, 'the run in flight completed before stop resolved');
  queue.add('b');
  await sleep(50);
  t.same(seen, ['a']);
});
