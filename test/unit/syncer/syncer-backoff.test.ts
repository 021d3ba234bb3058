// Retry pacing: exponential, capped, jittered within bounds, and a sleep a stop cuts short.
import t from 'tap';
import { Backoff, backoffDelay, jittered, sleep } from '../../../src/syncer/backoff.js';

const policy = { baseMs: 100, maxMs: 1_000, jitter: 0.2 };

t.test('doubles per failure up to the cap', async (t) => {
  const middle = () => 0.5;
  t.same(
    [1, 2, 3, 4, 5, 40].map((n) => backoffDelay(n, policy, middle)),
    [100, 200, 400, 800, 1_000, 1_000],
  );
});

t.test('jitter stays within ±jitter', async (t) => {
  t.equal(
    jittered(1_000, 0.2, () => 0),
    800,
  );
  t.equal(
    jittered(1_000, 0.2, () => 0.999999),
    1_200,
  );
  for (let i = 0; i < 200; i++) {
    const delay = backoffDelay(3, policy);
    t.ok(delay >= 320 && delay <= 480, `${delay}`);
  }
});

t.test('Backoff counts failures in a row and starts over after reset', async (t) => {
  const backoff = new Backoff({ ...policy, jitter: 0 });
  t.same([backoff.next(), backoff.next(), backoff.next()], [100, 200, 400]);
  t.equal(backoff.attempts, 3);
  backoff.reset();
  t.equal(backoff.next(), 100);
});

t.test('sleep completes, or ends early with false when stopped', async (t) => {
  t.equal(await sleep(5), true);
  const stop = new AbortController();
  const started = Date.now();
  const pending = sleep(60_000, stop.signal);
  stop.abort();
  t.equal(await pending, false);
  t.ok(Date.now() - started < 5_000);
  t.equal(await sleep(60_000, stop.signal), false, 'an aborted signal does not wait at all');
});
