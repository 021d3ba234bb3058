// The tunnel directory in PostgreSQL: one row per target, naming the replica whose hub holds its
// agent's tunnel. What this replica holds is kept in memory; the targets whose tunnel came or went
// are written together on the next turn (a fleet reconnecting costs a few statements, not one
// each), each as it stands then, so a close followed by a reconnect can never land the wrong way
// round. A write that fails is tried again a few seconds later. Rows of a replica that died stay
// until its agents reconnect elsewhere (their tunnels died with it) or it starts again.
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import type { TunnelDirectory } from '../tunnel-directory.js';
import { createPool, inTransaction } from './postgres-connection.js';

const RETRY_MS = 5000;
const UPSERT = `INSERT INTO agent_tunnels (sync_target, sync_target_uid, peer_url, connected_at)
  SELECT name, uid, $3, $4 FROM unnest($1::text[], $2::text[]) AS t(name, uid)
  ON CONFLICT (sync_target) DO UPDATE SET sync_target_uid = excluded.sync_target_uid,
    peer_url = excluded.peer_url, connected_at = excluded.connected_at`;
const DROP = 'DELETE FROM agent_tunnels WHERE peer_url = $1 AND sync_target = ANY($2::text[])';
const DROP_ALL = 'DELETE FROM agent_tunnels WHERE peer_url = $1';

export class PostgresTunnelDirectory implements TunnelDirectory {
  private readonly pool: pg.Pool;
  /** The tunnels this replica holds, by target: their incarnation's uid. */
  private readonly held = new Map<string, string>();
  /** Targets whose row may differ from `held`. */
  private readonly changed = new Set<string>();
  private writing: Promise<void>;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    connectionString: string,
    private readonly self: string,
    private readonly log: FastifyBaseLogger,
  ) {
    this.pool = createPool(connectionString, 2, log, 'tmc-tunnels');
    // Rows left by this replica's previous run are of tunnels that died with it.
    this.writing = this.pool.query(DROP_ALL, [self]).then(
      () => undefined,
      (error: unknown) => this.log.warn({ err: error }, 'could not clear the tunnels of an earlier run'),
    );
  }

  connected(target: string, uid: string): void {
    this.held.set(target, uid);
    this.change(target);
  }

  disconnected(target: string): void {
    this.held.delete(target);
    this.change(target);
  }

  async locate(target: string, uid: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ peer_url: string }>(
      'SELECT peer_url FROM agent_tunnels WHERE sync_target = $1 AND sync_target_uid = $2',
      [target, uid],
    );
    return rows[0]?.peer_url;
  }

  async close(): Promise<void> {
    // The tunnels close as the server does: their rows go all at once, after which nothing is written.
    this.closed = true;
    clearTimeout(this.timer);
    await this.writing;
    await this.pool.query(DROP_ALL, [this.self]).catch(() => undefined);
    await this.pool.end();
  }

  private change(target: string): void {
    if (this.closed) return;
    this.changed.add(target);
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.timer === undefined) this.timer = setTimeout(() => void this.flush(), delayMs);
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    await this.writing;
    if (this.closed || this.changed.size === 0) return;
    const names = [...this.changed];
    this.changed.clear();
    const up = names.filter((name) => this.held.has(name));
    const down = names.filter((name) => !this.held.has(name));
    const uids = up.map((name) => this.held.get(name)!);
    this.writing = inTransaction(this.pool, async (client) => {
      if (down.length > 0) await client.query(DROP, [this.self, down]);
      if (up.length > 0) await client.query(UPSERT, [up, uids, this.self, Date.now()]);
    }).catch((error: unknown) => {
      for (const name of names) this.changed.add(name);
      this.log.warn({ err: error }, 'could not record agent tunnels: trying again in a few seconds');
      if (!this.closed) this.schedule(RETRY_MS);
    });
  }
}
