// The tunnel directory in PostgreSQL: one row per target, naming the replica whose hub holds its
// agent's tunnel. A replica's writes go out one at a time, in the order its hub saw the tunnels
// come and go (a close then a reconnect must not land as a reconnect then a close). A write that
// fails leaves the table behind: every few seconds, until one succeeds, the replica writes its
// whole set again. Rows of a replica that died stay until its agents reconnect elsewhere (their
// tunnels died with it) or it starts again; a request passed to it meanwhile fails and says so.
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import type { TunnelDirectory } from '../tunnel-directory.js';
import { createPool, inTransaction } from './postgres-connection.js';

const RESYNC_MS = 5000;
const UPSERT = `INSERT INTO agent_tunnels (sync_target, sync_target_uid, peer_url, connected_at)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])
  ON CONFLICT (sync_target) DO UPDATE SET sync_target_uid = excluded.sync_target_uid,
    peer_url = excluded.peer_url, connected_at = excluded.connected_at`;

export class PostgresTunnelDirectory implements TunnelDirectory {
  private readonly pool: pg.Pool;
  /** The tunnels this replica holds: what a resync writes. */
  private readonly held = new Map<string, string>();
  private queue: Promise<void>;
  private stale = false;
  private closed = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    connectionString: string,
    private readonly self: string,
    private readonly log: FastifyBaseLogger,
  ) {
    this.pool = createPool(connectionString, 2, log, 'tmc-tunnels');
    // Rows left by this replica's previous run are of tunnels that died with it.
    this.queue = this.write(() => this.pool.query('DELETE FROM agent_tunnels WHERE peer_url = $1', [self]));
    this.timer = setInterval(() => this.stale && void this.resync(), RESYNC_MS).unref();
  }

  connected(target: string, uid: string): void {
    if (this.closed) return;
    this.held.set(target, uid);
    this.enqueue(() => this.pool.query(UPSERT, [[target], [uid], [this.self], [Date.now()]]));
  }

  disconnected(target: string): void {
    if (this.closed) return;
    this.held.delete(target);
    this.enqueue(() =>
      this.pool.query('DELETE FROM agent_tunnels WHERE sync_target = $1 AND peer_url = $2', [target, this.self]),
    );
  }

  async locate(target: string, uid: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ peer_url: string }>(
      'SELECT peer_url FROM agent_tunnels WHERE sync_target = $1 AND sync_target_uid = $2',
      [target, uid],
    );
    return rows[0]?.peer_url;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.held.clear();
    // The tunnels close as the server does: their rows go all at once, after which nothing is written.
    this.closed = true;
    this.enqueue(() => this.pool.query('DELETE FROM agent_tunnels WHERE peer_url = $1', [this.self]));
    await this.queue;
    await this.pool.end();
  }

  private enqueue(query: () => Promise<unknown>): void {
    this.queue = this.queue.then(() => this.write(query));
  }

  private async write(query: () => Promise<unknown>): Promise<void> {
    try {
      await query();
    } catch (error) {
      this.stale = true;
      this.log.warn({ err: error }, 'could not record an agent tunnel: writing them all again in a few seconds');
    }
  }

  /** This replica's rows, replaced by the tunnels it holds now. */
  private resync(): Promise<void> {
    this.stale = false;
    const targets = [...this.held.keys()];
    const uids = targets.map((target) => this.held.get(target) ?? '');
    const now = targets.map(() => Date.now());
    this.enqueue(() =>
      inTransaction(this.pool, async (client) => {
        await client.query('DELETE FROM agent_tunnels WHERE peer_url = $1', [this.self]);
        await client.query(UPSERT, [targets, uids, targets.map(() => this.self), now]);
      }),
    );
    return this.queue;
  }
}
