// The agent-token cache on its own, with a counting stand-in for the store and a hand-moved
// clock: cached tokens answer synchronously, a stale entry answers at once while one read in
// the background refreshes it (batched with the other stale entries), concurrent misses share one read, and a read that began before
// a rotation never lands in the cache. While the store confirms its announcements (always where
// this process makes every write), an entry stays until a notification drops it. The real stores are covered by the API and replica tests.
import t, { type Test } from 'tap';
import { AgentTokens, REFRESH_BATCH_MS, tokenHash } from '../../../src/agent-tokens/agent-tokens.js';
import type { SyncTargetIndex } from '../../../src/heartbeat/target-index.js';
import type { AgentTokenRecord, Store } from '../../../src/store/types.js';

const TOKEN = `tmcagent_${'a'.repeat(43)}`;

function world(t: Test, soleWriter = false) {
  let now = 1_000_000;
  const realNow = Date.now;
  Date.now = () => now;
  t.teardown(() => {
    Date.now = realNow;
  });
  const rows = new Map<string, AgentTokenRecord>([
    [
      tokenHash(TOKEN),
      { hash: tokenHash(TOKEN), syncTarget: 'edge-1', syncTargetUid: 'uid-1', createdAt: 0, expiresAt: null },
    ],
  ]);
  const pending: (() => void)[] = [];
  let confirmedAt: number | undefined;
  let reads = 0;
  const store = {
    // As PostgreSQL: other processes may store tokens, so every miss is read. As SQLite: this
    // process makes every write, and knows every hash.
    knownTokenHashes: () => (soleWriter ? new Set(rows.keys()) : undefined),
    // What the store confirms of its announcements: always, for a sole writer.
    tokenNoticesConfirmedAt: () => (soleWriter ? Date.now() : confirmedAt),
    findAgentToken: (hash: string) => {
      reads++;
      // The row as it is when the read completes, as a real store would answer.
      return new Promise<AgentTokenRecord | undefined>((resolve) =>
        pending.push(() => {
          const row = rows.get(hash);
          resolve(row && { ...row });
        }),
      );
    },
  } as unknown as Store;
  const targets = {
    get: (name: string) => (name === 'edge-1' ? { uid: 'uid-1' } : undefined),
  } as unknown as SyncTargetIndex;
  const tokens = new AgentTokens(store, targets, 60_000);
  const settle = async () => {
    while (pending.length > 0) pending.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
  };
  /** Verifies the token, lets any store read complete, and says whether the answer had to wait for it. */
  const verifyThrough = async () => {
    const answer = tokens.verify(TOKEN);
    await settle();
    return { waited: answer instanceof Promise, principal: await answer };
  };
  const confirm = () => (confirmedAt = now);
  return { tokens, rows, reads: () => reads, settle, verifyThrough, confirm, advance: (ms: number) => (now += ms) };
}

const agent = { kind: 'agent', syncTarget: 'edge-1', syncTargetUid: 'uid-1', expiresAt: null };

t.test('a miss reads once for all concurrent requests; then the cache answers synchronously', async (t) => {
  const w = world(t);
  const first = [w.tokens.verify(TOKEN), w.tokens.verify(TOKEN), w.tokens.verify(TOKEN)];
  t.ok(
    first.every((p) => p instanceof Promise),
    'a miss waits for the store',
  );
  await w.settle();
  t.same(await Promise.all(first), [agent, agent, agent]);
  t.equal(w.reads(), 1, 'one read shared by three requests');
  w.advance(4_000);
  t.same(w.tokens.verify(TOKEN), agent, 'cached: answered synchronously');
  t.equal(w.reads(), 1);
});

t.test('a stale entry answers at once while one background read refreshes it', async (t) => {
  const w = world(t);
  await w.verifyThrough();
  w.advance(7_000);
  t.same(w.tokens.verify(TOKEN), agent, 'stale but usable: no waiting');
  t.same(w.tokens.verify(TOKEN), agent);
  t.equal(w.reads(), 1, 'the refresh waits for the other stale entries of its batch');
  await new Promise((resolve) => setTimeout(resolve, REFRESH_BATCH_MS + 50));
  t.same(w.tokens.verify(TOKEN), agent, 'still usable while the refresh is under way');
  t.equal(w.reads(), 2, 'one refresh for all three');
  w.rows.clear(); // revoked meanwhile
  await w.settle();
  const after = await w.verifyThrough();
  t.ok(after.waited, 'the refresh found nothing: the next request reads again');
  t.equal(after.principal, undefined, 'and is refused');
});

t.test('an entry older than twice the cache time is read again before answering', async (t) => {
  const w = world(t);
  await w.verifyThrough();
  w.advance(11_000);
  const again = await w.verifyThrough();
  t.ok(again.waited);
  t.same(again.principal, agent);
  t.equal(w.reads(), 2);
});

t.test('a read that began before a rotation is used once and not cached', async (t) => {
  const w = world(t);
  const inFlight = w.tokens.verify(TOKEN);
  w.tokens.forget('uid-1'); // a rotation on this replica
  await w.settle();
  t.same(await inFlight, agent, 'the old token is still within its grace period');
  t.ok((await w.verifyThrough()).waited, 'nothing was cached from before the rotation');
  t.equal(w.reads(), 2);
});

t.test('a rotation heard of drops the entry, so an expiry set elsewhere applies on the next request', async (t) => {
  const w = world(t);
  await w.verifyThrough();
  // Another replica rotated with a short grace that is over by now; this cache still holds the old row.
  w.rows.get(tokenHash(TOKEN))!.expiresAt = Date.now() - 1;
  t.same(w.tokens.verify(TOKEN), agent, 'fresh cache entry: not read again by itself');
  w.tokens.forget('uid-1');
  t.equal((await w.verifyThrough()).principal, undefined, 'read again and refused');
  await w.verifyThrough();
  w.rows.get(tokenHash(TOKEN))!.expiresAt = null;
  w.tokens.forgetAll(); // notifications were interrupted: nothing cached is trusted
  const after = await w.verifyThrough();
  t.ok(after.waited, 'forgetAll empties the cache');
  t.same(after.principal, agent);
});

t.test('garbage never reaches the store', async (t) => {
  const w = world(t);
  t.equal(w.tokens.verify('not-a-token'), undefined);
  t.equal(w.tokens.verify(`tmcagent_${'a'.repeat(42)}`), undefined);
  t.equal(w.reads(), 0);
});

t.test('where this process makes every write, an entry of any age answers without a read', async (t) => {
  const w = world(t, true);
  await w.verifyThrough();
  t.equal(w.reads(), 1);
  w.advance(60_000);
  t.same(w.tokens.verify(TOKEN), agent, 'a minute old: answered synchronously');
  await w.settle();
  await new Promise((resolve) => setTimeout(resolve, REFRESH_BATCH_MS + 20));
  await w.settle();
  t.equal(w.reads(), 1, 'and never read again in the background');
  w.tokens.forget('uid-1');
  const { waited, principal } = await w.verifyThrough();
  t.ok(waited, 'a notification drops it: the next request reads the store');
  t.same(principal, agent);
  t.equal(w.reads(), 2);
});

t.test(
  'while the store confirms its announcements, entries are used unread; once it stops, the age limit holds',
  async (t) => {
    const w = world(t);
    await w.verifyThrough();
    w.advance(30_000);
    w.confirm();
    w.advance(4_000);
    t.same(w.tokens.verify(TOKEN), agent, 'read 34 s ago, confirmed 4 s ago: answered unread');
    await new Promise((resolve) => setTimeout(resolve, REFRESH_BATCH_MS + 20));
    await w.settle();
    t.equal(w.reads(), 1, 'no refresh while confirmed');
    w.advance(2_000);
    const { waited } = await w.verifyThrough();
    t.ok(waited, 'confirmed 6 s ago, read 36 s ago: read again first, as without confirmation');
    t.equal(w.reads(), 2);
  },
);
