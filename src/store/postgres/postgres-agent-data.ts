// The PostgreSQL side of AgentDataStore (see sqlite-agent-data.ts for the reference): agent
// token hashes and batched heartbeat times, in their own tables so that neither bumps the
// resourceVersion nor enters the change feed. Times are milliseconds since the epoch (bigint).
import type pg from 'pg';
import type { ChangeFanout } from '../change-fanout.js';
import { inTransaction } from './postgres-connection.js';
import { AGENT_TOKENS_CHANNEL, AGENT_TOKEN_LOCK_CLASS } from './postgres-locks.js';
import { type TokenRow, TokenReads } from './postgres-token-reads.js';
import type {
  AgentDataStore,
  AgentTokenRecord,
  AgentTokenTimes,
  AgentTokensListener,
  HeartbeatRecord,
} from '../types.js';

interface HeartbeatRow {
  name: string;
  uid: string;
  time: string;
}

// A stored time never moves back for the same uid; a new uid (the target was recreated) always
// wins; a beat of an incarnation no longer stored (deleted or re-created since) is dropped.
const UPSERT_HEARTBEATS = `INSERT INTO synctarget_heartbeats AS h (name, uid, time)
  SELECT b.name, b.uid, b.time FROM unnest($1::text[], $2::text[], $3::bigint[]) AS b (name, uid, time)
  WHERE EXISTS (SELECT 1 FROM objects o WHERE o.kind = 'SyncTarget' AND o.namespace = '' AND o.name = b.name
    AND o.body::jsonb #>> '{metadata,uid}' = b.uid)
  ON CONFLICT (name) DO UPDATE SET uid = excluded.uid, time = excluded.time
  WHERE h.uid <> excluded.uid OR h.time < excluded.time`;

const toHeartbeat = (row: HeartbeatRow): HeartbeatRecord => ({ name: row.name, uid: row.uid, time: Number(row.time) });

export class PostgresAgentData implements AgentDataStore {
  /** `tokensChanged` is fed by the store's LISTEN connection (postgres-notifications.ts). */
  private readonly tokenReads: TokenReads;

  constructor(
    private readonly pool: pg.Pool,
    private readonly tokensChanged: ChangeFanout<string | undefined>,
  ) {
    this.tokenReads = new TokenReads(pool);
  }

  async issueAgentToken(token: AgentTokenRecord, olderValidUntil: number): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      // Replicas issuing tokens for one target at once must not both leave older tokens uncapped.
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
        AGENT_TOKEN_LOCK_CLASS,
        token.syncTargetUid,
      ]);
      await client.query(
        'DELETE FROM agent_tokens WHERE sync_target_uid = $1 AND expires_at IS NOT NULL AND expires_at <= $2',
        [token.syncTargetUid, token.createdAt],
      );
      await client.query(
        'UPDATE agent_tokens SET expires_at = $1 WHERE sync_target_uid = $2 AND (expires_at IS NULL OR expires_at > $1)',
        [olderValidUntil, token.syncTargetUid],
      );
      await client.query(
        'INSERT INTO agent_tokens (hash, sync_target, sync_target_uid, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
        [token.hash, token.syncTarget, token.syncTargetUid, token.createdAt, token.expiresAt],
      );
      // Sent on commit, after the rows are visible: a replica that hears it and reads again sees the new expiry.
      await client.query('SELECT pg_notify($1, $2)', [AGENT_TOKENS_CHANNEL, token.syncTargetUid]);
    });
  }

  /** Batched with the other lookups of the same tick (postgres-token-reads.ts). */
  findAgentToken(hash: string): Promise<AgentTokenRecord | undefined> {
    return this.tokenReads.find(hash);
  }

  /**
   * None: other replicas store tokens too, and a set kept from their notifications would lag their
   * commits. A token issued through another replica reaches its client before its notification
   * need reach this one, so a hash missing from such a set may be a token stored a moment ago:
   * refusing it would break "a new token works at once on every replica", and reading the store
   * on every miss would leave nothing saved. So every lookup reads (batched, TokenReads); an
   * address past its burst of failures is refused before any (AddressFailures).
   */
  knownTokenHashes(): undefined {
    return undefined;
  }

  async listAgentTokenTimes(syncTargetUid: string, now: number): Promise<AgentTokenTimes[]> {
    const { rows } = await this.pool.query<TokenRow>(
      'SELECT created_at, expires_at FROM agent_tokens ' +
        'WHERE sync_target_uid = $1 AND (expires_at IS NULL OR expires_at > $2) ORDER BY created_at, hash',
      [syncTargetUid, now],
    );
    return rows.map((row) => ({
      createdAt: Number(row.created_at),
      expiresAt: row.expires_at === null ? null : Number(row.expires_at),
    }));
  }

  /**
   * One statement per "round" in one transaction. A statement may touch each name only once,
   * so a batch naming a target twice puts its second beat in a second round: the result is the
   * same as applying the beats one by one, in order.
   */
  async recordHeartbeats(beats: HeartbeatRecord[]): Promise<void> {
    if (beats.length === 0) return;
    const rounds: HeartbeatRecord[][] = [];
    const seen = new Map<string, number>();
    for (const beat of beats) {
      const round = seen.get(beat.name) ?? 0;
      seen.set(beat.name, round + 1);
      (rounds[round] ??= []).push(beat);
    }
    await inTransaction(this.pool, async (client) => {
      for (const round of rounds) {
        await client.query(UPSERT_HEARTBEATS, [
          round.map((b) => b.name),
          round.map((b) => b.uid),
          round.map((b) => b.time),
        ]);
      }
    });
  }

  async readHeartbeats(names?: string[]): Promise<HeartbeatRecord[]> {
    if (names?.length === 0) return [];
    const { rows } =
      names === undefined
        ? await this.pool.query<HeartbeatRow>('SELECT name, uid, time FROM synctarget_heartbeats')
        : await this.pool.query<HeartbeatRow>(
            'SELECT name, uid, time FROM synctarget_heartbeats WHERE name = ANY($1::text[])',
            [names],
          );
    return rows.map(toHeartbeat);
  }

  /** Hears every issuance, this process's own too, once the store's LISTEN connection is up. */
  onAgentTokensChanged(listener: AgentTokensListener): () => void {
    return this.tokensChanged.subscribe(listener);
  }

  async forgetSyncTarget(uid: string): Promise<void> {
    await this.pool.query(
      'WITH tokens AS (DELETE FROM agent_tokens WHERE sync_target_uid = $1) DELETE FROM synctarget_heartbeats WHERE uid = $1',
      [uid],
    );
  }
}
