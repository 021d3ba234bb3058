// Token buckets by key: a burst at once, then the rate; a refusal says how long to wait; past
// 10,000 keys the idle (full) ones are swept out, and a key still in debt keeps its debt.
import t from 'tap';
import { TokenBuckets } from '../../../src/runtime/token-buckets.js';

t.test('a burst at once, then one token per 1/perSecond, and the wait when empty', async (t) => {
  const buckets = new TokenBuckets({ burst: 3, perSecond: 2 });
  const now = 1_000_000;
  t.same(
    [0, 1, 2].map(() => buckets.take('a', now)),
    [0, 0, 0],
    'the burst',
  );
  t.equal(buckets.take('a', now), 1, 'empty: a second until the next');
  t.equal(buckets.take('b', now), 0, 'another key has its own bucket');
  t.equal(buckets.take('a', now + 400), 1, 'not yet a whole token');
  t.equal(buckets.take('a', now + 600), 0, 'earned back at the rate');
  t.equal(buckets.take('a', now + 600), 1);
});

t.test('past 10,000 keys the full buckets go, and the spent ones stay', async (t) => {
  const buckets = new TokenBuckets({ burst: 1, perSecond: 0.001 });
  const now = 1_000_000;
  t.equal(buckets.take('debtor', now), 0);
  t.equal(buckets.take('debtor', now), 1000, 'in debt for 1,000 s');
  // Each spends its one token: none is full again for 1,000 s, so nothing is swept yet.
  for (let i = 0; i < 10_000; i++) buckets.take(`k${i}`, now);
  // Long after, all of them full again but the debtor, who spent again just before.
  const later = now + 2_000_000;
  t.equal(buckets.take('debtor', later - 1), 0);
  t.equal(buckets.take('newcomer', later), 0, 'a new key sweeps the full ones out and is kept');
  t.equal(buckets.take('newcomer', later), 1000, 'its spend counted after the sweep');
  t.equal(buckets.take('debtor', later), 1000, 'the debtor kept its debt through the sweep');
  t.equal(buckets.take('k1', later), 0, 'a swept key starts full again');
});
