// Store contract, part 3: agent token hashes and batched heartbeat times (AgentDataStore).
import type { Test } from 'tap';
import type { AgentTokenRecord, Store } from '../../src/store/types.js';
import type { NewStoreFixture } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';

const token = (hash: string, createdAt: number, uid = 'uid-1'): AgentTokenRecord => ({
  hash,
  syncTarget: 'edge-1',
  syncTargetUid: uid,
  createdAt,
  expiresAt: null,
});

const byName = <T extends { name: string }>(records: T[]) => [...records].sort((a, b) => a.name.localeCompare(b.name));

/** Stores SyncTarget `name` as incarnation `uid`: heartbeat times are kept only for a stored one. */
const storeTarget = (store: Store, name: string, uid: string) =>
  store.create({ apiVersion: 'workload.kcp.io/v1alpha1', kind: 'SyncTarget', metadata: { name, uid } });

const recreate = async (store: Store, name: string, uid: string) => {
  await store.delete({ kind: 'SyncTarget', namespace: '', name });
  await storeTarget(store, name, uid);
};

export function agentDataContract(t: Test, newFixture: NewStoreFixture): void {
  const withStore = (name: string, body: (t: Test, store: Store) => Promise<void>) =>
    t.test(name, async (t) => body(t, await (await newFixture(t)).open()));

  withStore('a new token caps the older ones at the grace time and drops expired ones', async (t, store) => {
    await store.issueAgentToken(token('h1', 1000), 1000);
    t.same(await store.findAgentToken('h1'), token('h1', 1000));
    await store.issueAgentToken(token('h2', 2000), 5000);
    t.equal((await store.findAgentToken('h1'))?.expiresAt, 5000, 'the older token now expires');
    t.equal((await store.findAgentToken('h2'))?.expiresAt, null);
    await store.issueAgentToken(token('h3', 6000), 9000);
    t.equal(await store.findAgentToken('h1'), undefined, 'already expired at issue time: dropped');
    t.equal((await store.findAgentToken('h2'))?.expiresAt, 9000);
    await store.issueAgentToken(token('other', 6000, 'uid-2'), 6000);
    t.equal((await store.findAgentToken('h2'))?.expiresAt, 9000, 'another target is not touched');
    t.equal(await store.findAgentToken('nope'), undefined);
    t.equal(await store.currentResourceVersion(), 0, 'tokens stay out of the change feed');
  });

  withStore(
    'lookups asked at once each get their own token (PostgreSQL answers them in one query)',
    async (t, store) => {
      await store.issueAgentToken(token('h1', 1000), 1000);
      await store.issueAgentToken(token('h2', 2000, 'uid-2'), 2000);
      const found = await Promise.all(['h2', 'nope', 'h1', 'h2'].map((hash) => store.findAgentToken(hash)));
      t.same(found, [token('h2', 2000, 'uid-2'), undefined, token('h1', 1000), token('h2', 2000, 'uid-2')]);
    },
  );

  withStore('an earlier cap is never extended by a later grace', async (t, store) => {
    await store.issueAgentToken(token('h1', 1000), 1000);
    await store.issueAgentToken(token('h2', 2000), 3000);
    await store.issueAgentToken(token('h3', 2500), 8000);
    t.equal((await store.findAgentToken('h1'))?.expiresAt, 3000);
    t.equal((await store.findAgentToken('h2'))?.expiresAt, 8000);
  });

  t.test('the hashes a store knows in full: all stored ones on SQLite, none on PostgreSQL', async (t) => {
    const fixture = await newFixture(t);
    const store = await fixture.open();
    await store.issueAgentToken(token('h1', 1000), 1000);
    if (fixture.kind === 'postgres') {
      t.equal(store.knownTokenHashes(), undefined, 'other replicas store tokens too: every lookup reads');
      return;
    }
    const known = () => [...(store.knownTokenHashes() ?? [])].sort();
    t.same(known(), ['h1'], 'read from the file when first asked');
    await store.issueAgentToken(token('h2', 2000), 2000);
    await store.issueAgentToken(token('h3', 2000, 'uid-2'), 2000);
    t.same(known(), ['h1', 'h2', 'h3'], 'each issued hash at once');
    await store.issueAgentToken(token('h4', 3000), 3000);
    t.same(known(), ['h2', 'h3', 'h4'], 'an expired one dropped by an issuance goes too');
    await store.forgetSyncTarget('uid-1');
    t.same(known(), ['h3'], "a forgotten target's go with it");
    const reopened = await fixture.open();
    t.same([...(reopened.knownTokenHashes() ?? [])], ['h3'], 'as the file has them');
  });

  withStore('heartbeat times only move forward for one uid; a new uid replaces the old', async (t, store) => {
    await storeTarget(store, 'a', 'u1');
    await storeTarget(store, 'b', 'u2');
    const version = await store.currentResourceVersion();
    await store.recordHeartbeats([]);
    await store.recordHeartbeats([
      { name: 'a', uid: 'u1', time: 100 },
      { name: 'b', uid: 'u2', time: 100 },
    ]);
    await store.recordHeartbeats([
      { name: 'a', uid: 'u1', time: 50 },
      { name: 'b', uid: 'u2', time: 200 },
    ]);
    t.same(byName(await store.readHeartbeats()), [
      { name: 'a', uid: 'u1', time: 100 },
      { name: 'b', uid: 'u2', time: 200 },
    ]);
    await recreate(store, 'a', 'u9');
    await store.recordHeartbeats([{ name: 'a', uid: 'u9', time: 10 }]);
    t.same(await store.readHeartbeats(['a']), [{ name: 'a', uid: 'u9', time: 10 }], 'a recreated target starts over');
    t.same(await store.readHeartbeats([]), []);
    t.same(await store.readHeartbeats(['missing']), []);
    t.equal(await store.currentResourceVersion(), version + 2, 'heartbeat times stay out of the change feed');
  });

  withStore('a beat of an incarnation not stored (deleted or re-created since) is dropped', async (t, store) => {
    await storeTarget(store, 'a', 'u1');
    await store.recordHeartbeats([{ name: 'a', uid: 'u1', time: 100 }]);
    await recreate(store, 'a', 'u2');
    await store.recordHeartbeats([
      { name: 'a', uid: 'u1', time: 200 },
      { name: 'gone', uid: 'u3', time: 200 },
    ]);
    t.same(
      await store.readHeartbeats(),
      [{ name: 'a', uid: 'u1', time: 100 }],
      'late beats of the old incarnation and of a missing target change nothing',
    );
    await store.recordHeartbeats([{ name: 'a', uid: 'u2', time: 50 }]);
    t.same(
      await store.readHeartbeats(),
      [{ name: 'a', uid: 'u2', time: 50 }],
      "the stored incarnation's beat replaces it",
    );
    await store.recordHeartbeats([{ name: 'a', uid: 'u1', time: 300 }]);
    t.same(await store.readHeartbeats(), [{ name: 'a', uid: 'u2', time: 50 }], 'and a late old one does not undo that');
  });

  withStore('a batch naming a target twice equals applying its beats one by one', async (t, store) => {
    await storeTarget(store, 'a', 'u2');
    await storeTarget(store, 'b', 'u3');
    await store.recordHeartbeats([{ name: 'a', uid: 'u2', time: 500 }]);
    await store.recordHeartbeats([
      { name: 'a', uid: 'u2', time: 600 },
      { name: 'a', uid: 'u2', time: 550 },
      { name: 'b', uid: 'u3', time: 1 },
      { name: 'b', uid: 'u3', time: 7 },
      { name: 'b', uid: 'u3', time: 5 },
    ]);
    const stored = byName(await store.readHeartbeats());
    t.same(stored, [
      { name: 'a', uid: 'u2', time: 600 },
      { name: 'b', uid: 'u3', time: 7 },
    ]);
  });

  withStore('forgetting a target incarnation removes its tokens and heartbeat only', async (t, store) => {
    await storeTarget(store, 'edge-1', 'uid-1');
    await storeTarget(store, 'edge-2', 'uid-2');
    await store.issueAgentToken(token('h1', 1000, 'uid-1'), 1000);
    await store.issueAgentToken(token('h2', 1000, 'uid-2'), 1000);
    await store.recordHeartbeats([
      { name: 'edge-1', uid: 'uid-1', time: 1 },
      { name: 'edge-2', uid: 'uid-2', time: 1 },
    ]);
    await store.forgetSyncTarget('uid-1');
    t.equal(await store.findAgentToken('h1'), undefined);
    t.ok(await store.findAgentToken('h2'));
    t.same(await store.readHeartbeats(), [{ name: 'edge-2', uid: 'uid-2', time: 1 }]);
  });

  withStore('an issuance tells the token listeners whose tokens changed', async (t, store) => {
    const heard: (string | undefined)[] = [];
    const stop = store.onAgentTokensChanged((uid) => heard.push(uid));
    await store.issueAgentToken(token('h1', 1000, 'uid-7'), 1000);
    // PostgreSQL delivers it through LISTEN, a moment after the commit.
    await waitFor(() => heard.includes('uid-7'), 'the issuance to be heard');
    stop();
    await store.issueAgentToken(token('h2', 2000, 'uid-8'), 2000);
    await store.issueAgentToken(token('h3', 2000, 'uid-7'), 2000);
    await store.findAgentToken('h3');
    t.notOk(heard.includes('uid-8'), 'an unsubscribed listener hears nothing more');
  });
}
