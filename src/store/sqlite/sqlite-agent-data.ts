// The SQLite side of AgentDataStore: agent token hashes and batched heartbeat times, in their
// own tables so that neither bumps the resourceVersion nor enters the change feed.
import type Database from 'better-sqlite3';
import { ChangeFanout } from '../change-fanout.js';
import type {
  AgentDataStore,
  AgentTokenRecord,
  AgentTokenTimes,
  AgentTokensListener,
  HeartbeatRecord,
} from '../types.js';

interface TokenRow {
  hash: string;
  sync_target: string;
  sync_target_uid: string;
  created_at: number;
  expires_at: number | null;
}

export class SqliteAgentData implements AgentDataStore {
  private readonly tokensChanged: ChangeFanout<string | undefined>;
  /**
   * Every stored hash, read once when first asked for and then changed by the same synchronous
   * code that changes the rows, after each commit: one process owns the file, so no write can
   * pass unseen, and no request runs between a commit and the update of the set. About a hundred
   * bytes a token: a fleet's tokens fit easily, and a made-up token then costs no read at all.
   */
  private hashes?: Set<string>;

  /** `sql` is the store's prepared-statement cache. */
  constructor(
    private readonly db: Database.Database,
    private readonly sql: (text: string) => Database.Statement,
    onListenerError: (error: unknown) => void,
    /** Settles once the store's writes of this turn are committed: a write here made inside them commits with them. */
    private readonly committed: () => Promise<void>,
  ) {
    this.tokensChanged = new ChangeFanout(onListenerError);
  }

  async issueAgentToken(token: AgentTokenRecord, olderValidUntil: number): Promise<void> {
    const dropped = this.db
      .transaction(() => {
        const expired = this.sql(
          'DELETE FROM agent_tokens WHERE sync_target_uid = ? AND expires_at IS NOT NULL AND expires_at <= ? ' +
            'RETURNING hash',
        ).all(token.syncTargetUid, token.createdAt) as { hash: string }[];
        this.sql(
          'UPDATE agent_tokens SET expires_at = ? WHERE sync_target_uid = ? AND (expires_at IS NULL OR expires_at > ?)',
        ).run(olderValidUntil, token.syncTargetUid, olderValidUntil);
        this.sql(
          'INSERT INTO agent_tokens (hash, sync_target, sync_target_uid, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
        ).run(token.hash, token.syncTarget, token.syncTargetUid, token.createdAt, token.expiresAt);
        return expired;
      })
      .immediate();
    // The token is handed out only once stored for good.
    await this.committed();
    for (const { hash } of dropped) this.hashes?.delete(hash);
    this.hashes?.add(token.hash);
    // One process owns the file, so every issuance passes here.
    this.tokensChanged.emit(token.syncTargetUid);
  }

  onAgentTokensChanged(listener: AgentTokensListener): () => void {
    return this.tokensChanged.subscribe(listener);
  }

  /** Every issuance is announced as it commits: one process owns the file, so each passes here. */
  tokenNoticesConfirmedAt(): number {
    return Date.now();
  }

  knownTokenHashes(): ReadonlySet<string> {
    this.hashes ??= new Set((this.sql('SELECT hash FROM agent_tokens').all() as { hash: string }[]).map((r) => r.hash));
    return this.hashes;
  }

  async findAgentToken(hash: string): Promise<AgentTokenRecord | undefined> {
    const row = this.sql('SELECT * FROM agent_tokens WHERE hash = ?').get(hash) as TokenRow | undefined;
    return (
      row && {
        hash: row.hash,
        syncTarget: row.sync_target,
        syncTargetUid: row.sync_target_uid,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
      }
    );
  }

  async listAgentTokenTimes(syncTargetUid: string, now: number): Promise<AgentTokenTimes[]> {
    const rows = this.sql(
      'SELECT created_at, expires_at FROM agent_tokens WHERE sync_target_uid = ? ' +
        'AND (expires_at IS NULL OR expires_at > ?) ORDER BY created_at, hash',
    ).all(syncTargetUid, now) as TokenRow[];
    return rows.map((row) => ({ createdAt: row.created_at, expiresAt: row.expires_at }));
  }

  async recordHeartbeats(beats: HeartbeatRecord[]): Promise<void> {
    if (beats.length === 0) return;
    // Only for the incarnation stored now: a beat of a target deleted or re-created since is dropped.
    const upsert = this.sql(
      'INSERT INTO synctarget_heartbeats (name, uid, time) SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM objects ' +
        "WHERE kind = 'SyncTarget' AND namespace = '' AND name = ? AND json_extract(body, '$.metadata.uid') = ?) " +
        'ON CONFLICT (name) DO UPDATE SET uid = excluded.uid, time = excluded.time ' +
        'WHERE uid <> excluded.uid OR time < excluded.time',
    );
    this.db
      .transaction(() => {
        for (const beat of beats) upsert.run(beat.name, beat.uid, beat.time, beat.name, beat.uid);
      })
      .immediate();
    await this.committed();
  }

  async readHeartbeats(names?: string[]): Promise<HeartbeatRecord[]> {
    if (names === undefined)
      return this.sql('SELECT name, uid, time FROM synctarget_heartbeats').all() as HeartbeatRecord[];
    if (names.length === 0) return [];
    return this.sql(
      'SELECT name, uid, time FROM synctarget_heartbeats WHERE name IN (SELECT value FROM json_each(?))',
    ).all(JSON.stringify(names)) as HeartbeatRecord[];
  }

  async forgetSyncTarget(uid: string): Promise<void> {
    const dropped = this.db
      .transaction(() => {
        this.sql('DELETE FROM synctarget_heartbeats WHERE uid = ?').run(uid);
        return this.sql('DELETE FROM agent_tokens WHERE sync_target_uid = ? RETURNING hash').all(uid) as {
          hash: string;
        }[];
      })
      .immediate();
    await this.committed();
    for (const { hash } of dropped) this.hashes?.delete(hash);
  }
}
