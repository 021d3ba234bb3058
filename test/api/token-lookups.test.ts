// Token lookups on both stores. On SQLite the store knows every stored hash, so a token that
// stands for nobody (agent- or user-shaped) is refused without a read, while one issued a moment
// ago works at once and a revoked one is refused at once. On PostgreSQL other replicas store
// tokens too, so every lookup reads: a token stored through another process on the same database
// works here at once, before any notification of it could have arrived.
import t from 'tap';
import { newToken } from '../../src/admin-token.js';
import { tokenHash } from '../../src/agent-tokens/agent-tokens.js';
import { readTarget, heartbeat, targetWithToken } from '../helpers/agents.js';
import { testApp } from '../helpers/app.js';
import { countingTokenReads } from '../helpers/counting-store.js';
import { forEachStore, postgresFixture, sqliteFixture } from '../helpers/stores.js';
import { USERS_PATH, as, createUser, userToken } from '../helpers/users.js';

const madeUp = (prefix: string, i: number) => `${prefix}${String(i).padStart(43, 'Z')}`;

forEachStore(t, (t, kind) => {
  t.test(
    'a token never stored is refused without a read on SQLite; issued and revoked ones hold at once',
    async (t) => {
      const fixture = kind === 'sqlite' ? await sqliteFixture(t) : await postgresFixture()(t);
      const { store, reads } = countingTokenReads(await fixture.open());
      // No failure limit: twenty made-up tokens from one address would otherwise be answered late.
      const api = await testApp(t, { authFailureBurst: 0 }, { store });
      const agent = await targetWithToken(api, 'edge-1');
      t.equal((await heartbeat(api, 'edge-1', agent)).statusCode, 200, 'a token just issued works at once');
      const user = await createUser(api, 'alice');
      const discovery = async (token: string) => (await api.call('GET', '/apis', undefined, as(token))).statusCode;
      t.equal(await discovery(user), 200, 'a user token just issued works at once');

      const before = reads();
      for (let i = 0; i < 10; i++) {
        t.equal((await heartbeat(api, 'edge-1', madeUp('tmcagent_', i))).statusCode, 401);
        t.equal(await discovery(madeUp('tmcuser_', i)), 401);
      }
      if (kind === 'sqlite') t.equal(reads(), before, 'no store read for a token never stored');
      else t.ok(reads() >= before + 20, 'PostgreSQL: each is read (another replica may have stored it a moment ago)');

      t.equal((await api.call('DELETE', `${USERS_PATH}/alice/tokens`)).statusCode, 200);
      t.equal(await discovery(user), 401, 'a revoked user token is refused at once');
      const again = await userToken(api, 'alice');
      t.equal(await discovery(again), 200, 'and a new one works at once');
      const reading = reads();
      t.equal(await discovery(again), 200);
      t.ok(reads() > reading, 'a stored token is still read on every request: revocation holds at once');

      if (kind === 'postgres') {
        // Another replica: its own connections to the same database, its own notifications.
        const other = await fixture.open();
        const uid = (await readTarget(api, 'edge-1')).metadata.uid as string;
        const token = `tmcagent_${newToken()}`;
        const record = { hash: tokenHash(token), syncTarget: 'edge-1', syncTargetUid: uid, createdAt: Date.now() };
        await other.issueAgentToken({ ...record, expiresAt: null }, Date.now() + 60_000);
        t.equal((await heartbeat(api, 'edge-1', token)).statusCode, 200, 'a token stored elsewhere works at once');
      }
    },
  );
});
