// The Store contract on PostgreSQL, plus what only a shared database has: several stores
// (replicas) migrating at once and seeing each other's changes in order.
import t from 'tap';
import type { Change, Store } from '../../src/store/types.js';
import { sqlOn } from '../helpers/postgres.js';
import { postgresFixture } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';
import { storeContract } from './contract.js';
import { object } from './contract-helpers.js';

storeContract(t, postgresFixture());

const record = (store: Store) => {
  const seen: Change[] = [];
  store.onChange((change) => seen.push(change));
  return seen;
};

t.test('replicas that start together migrate once and share one version counter', async (t) => {
  const fixture = await postgresFixture()(t);
  const stores = await Promise.all(Array.from({ length: 4 }, () => fixture.open()));
  const created = await Promise.all(stores.map((store, i) => store.create(object(`edge-${i}`))));
  t.same(created.map((o) => Number(o.metadata.resourceVersion)).sort(), [1, 2, 3, 4]);
  for (const store of stores) t.equal(await store.currentResourceVersion(), 4);
});

t.test('every replica hears every change exactly once, in version order, whoever wrote it', async (t) => {
  // With a one-minute poll, only notifications can deliver the other replicas' changes in time.
  const fixture = await postgresFixture({ pollIntervalMs: 60_000 })(t);
  const [a, b, c] = [await fixture.open(), await fixture.open(), await fixture.open()];
  const heard = [record(a), record(b), record(c)];
  // Interleaved writers on two replicas; the third only listens.
  await Promise.all(
    [a, b].map(async (store, writer) => {
      for (let i = 0; i < 40; i++) await store.create(object(`w${writer}-${i}`));
    }),
  );
  for (const [index, seen] of heard.entries()) {
    await waitFor(() => seen.length >= 80, `replica ${index} to hear 80 changes`);
    t.same(
      seen.map((change) => change.resourceVersion),
      Array.from({ length: 80 }, (_, i) => i + 1),
      `replica ${index}: 1..80, once each`,
    );
  }
  const names = (seen: Change[]) => seen.map((change) => change.object.metadata.name);
  t.same(names(heard[2]!), names(heard[0]!), 'the same changes with the same objects');
});

t.test('a dropped LISTEN connection is re-established and the missed changes are caught up', async (t) => {
  const fixture = await postgresFixture({ pollIntervalMs: 60_000 })(t);
  const [writer, follower] = [await fixture.open(), await fixture.open()];
  const seen = record(follower);
  await writer.create(object('before'));
  await waitFor(() => seen.length === 1, 'the first change');
  // Kill the follower's LISTEN session from the server side, then write while it reconnects.
  const killed = await sqlOn(
    fixture.databaseUrl!,
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'tmc-change-feed' AND datname = current_database()",
  );
  t.equal(killed.length, 2, "both stores' LISTEN sessions were terminated");
  await writer.create(object('during'));
  await writer.create(object('after'));
  // With a one-minute poll, only the reconnect's catch-up (or a new notification) can deliver these.
  await waitFor(() => seen.length === 3, 'the changes written while disconnected');
  t.same(
    seen.map((change) => change.object.metadata.name),
    ['before', 'during', 'after'],
  );
});

t.test(
  'a replica hears of an agent token issued on another; a dropped LISTEN connection clears them all',
  async (t) => {
    const fixture = await postgresFixture({ pollIntervalMs: 60_000 })(t);
    const [issuer, other] = [await fixture.open(), await fixture.open()];
    const heard: (string | undefined)[] = [];
    other.onAgentTokensChanged((uid) => heard.push(uid));
    const record = { hash: 'h1', syncTarget: 'edge-1', syncTargetUid: 'uid-1', createdAt: 1, expiresAt: null };
    await issuer.issueAgentToken(record, 1);
    await waitFor(() => heard.includes('uid-1'), 'the other store to hear of the issuance');
    heard.length = 0;
    // An issuance while the other is not listening is never announced to it: it must distrust everything.
    await sqlOn(
      fixture.databaseUrl!,
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
    WHERE application_name = 'tmc-change-feed' AND datname = current_database()`,
    );
    await waitFor(() => heard.length >= 2, 'the loss and the reconnect to be announced');
    t.same(
      heard.slice(0, 2),
      [undefined, undefined],
      'anything may have changed: said on the loss and again once listening',
    );
  },
);

t.test('migrations and writes stay correct when the database defaults to SERIALIZABLE', async (t) => {
  const fixture = await postgresFixture()(t);
  await sqlOn(
    fixture.databaseUrl!,
    `ALTER DATABASE ${new URL(fixture.databaseUrl!).pathname.slice(1)} SET default_transaction_isolation = 'serializable'`,
  );
  const [a, b] = await Promise.all([fixture.open(), fixture.open(), fixture.open()]);
  const created = await Promise.all(
    Array.from({ length: 12 }, (_, i) => (i % 2 ? a! : b!).create(object(`edge-${i}`))),
  );
  t.same(
    created.map((o) => Number(o.metadata.resourceVersion)).sort((x, y) => x - y),
    Array.from({ length: 12 }, (_, i) => i + 1),
  );
});
