// Token lookups, answered in batches: the lookups asked in one tick of the event loop go to
// PostgreSQL as one query (hash = ANY). The agent-token cache refreshes its stale entries
// together (agent-tokens.ts), so a fleet of agents costs a query per batch, not one per token:
// each query is a pool checkout, a round trip and a backend's parse and plan, on the cores the
// server shares with the database.
import type pg from 'pg';
import type { AgentTokenRecord } from '../types.js';

export interface TokenRow {
  hash: string;
  sync_target: string;
  sync_target_uid: string;
  created_at: string;
  expires_at: string | null;
}

export const toToken = (row: TokenRow): AgentTokenRecord => ({
  hash: row.hash,
  syncTarget: row.sync_target,
  syncTargetUid: row.sync_target_uid,
  createdAt: Number(row.created_at),
  expiresAt: row.expires_at === null ? null : Number(row.expires_at),
});

interface Waiter {
  resolve(record: AgentTokenRecord | undefined): void;
  reject(error: unknown): void;
}

export class TokenReads {
  private batch = new Map<string, Waiter[]>();

  constructor(private readonly pool: pg.Pool) {}

  find(hash: string): Promise<AgentTokenRecord | undefined> {
    return new Promise((resolve, reject) => {
      if (this.batch.size === 0) process.nextTick(() => void this.flush());
      const waiters = this.batch.get(hash);
      if (waiters) waiters.push({ resolve, reject });
      else this.batch.set(hash, [{ resolve, reject }]);
    });
  }

  private async flush(): Promise<void> {
    const batch = this.batch;
    this.batch = new Map();
    try {
      const hashes = [...batch.keys()];
      const { rows } =
        hashes.length === 1
          ? await this.pool.query<TokenRow>('SELECT * FROM agent_tokens WHERE hash = $1', hashes)
          : await this.pool.query<TokenRow>('SELECT * FROM agent_tokens WHERE hash = ANY($1::text[])', [hashes]);
      const found = new Map(rows.map((row) => [row.hash, toToken(row)]));
      for (const [hash, waiters] of batch) for (const waiter of waiters) waiter.resolve(found.get(hash));
    } catch (error) {
      for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
    }
  }
}
