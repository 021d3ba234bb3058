// Leader election among replicas sharing one PostgreSQL database: the leader is the process
// holding a session-level advisory lock on its own dedicated connection.
//
// Why an advisory lock rather than a lease row: the lock lives exactly as long as the leader's
// database session. When the leader dies (SIGKILL, crash, OOM) its socket closes, PostgreSQL
// ends the session and frees the lock, and a follower's next try (every `retryIntervalMs`) wins:
// no lease to expire and no dependence on clocks. For a leader host that vanishes without
// closing its socket, the session sets short TCP keepalives so the server frees the lock within
// about 20 seconds; the leader, meanwhile, re-checks its lock every interval and steps down
// once its connection stops answering (5 s), before the lock can be granted to anyone else.
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import { type LeaderElector, type LeadershipListener, LeadershipState } from '../leader-election.js';
import { postgresClientConfig } from './postgres-connection.js';
import { type AdvisoryLockKey, leaderLockKey } from './postgres-locks.js';
import { PostgresSession } from './postgres-session.js';

export interface PostgresLeaderOptions {
  /** Independent elections use different names. */
  election?: string;
  /** How often a follower tries to take the lock and the leader checks it still holds it. */
  retryIntervalMs?: number;
}

const TRY_LOCK = 'SELECT pg_try_advisory_lock($1, $2) AS ok';
// The two-key form shows up in pg_locks as (classid, objid, objsubid 2), keys cast to oid.
const HOLDS_LOCK = `SELECT EXISTS (
  SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
    AND classid = ($1::int4)::oid AND objid = ($2::int4)::oid AND objsubid = 2) AS ok`;
// The server gives up on a silent leader socket after 10 + 5 * 2 = 20 s, well after the leader
// itself has stepped down (a check every retry interval, each failing after CHECK_TIMEOUT_MS).
const SHORT_KEEPALIVES = 'SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 5';
const CHECK_TIMEOUT_MS = 5000;

export class PostgresLeaderElector implements LeaderElector {
  private readonly state: LeadershipState;
  private readonly session: PostgresSession;
  private readonly key: AdvisoryLockKey;
  private readonly retryIntervalMs: number;
  private timer: NodeJS.Timeout | undefined;
  private attempting = false;
  private stopped = true;
  /** Until then this elector does not campaign: set when its session is lost (see `stepDown`). */
  private campaignAfter = 0;

  constructor(
    connectionString: string,
    readonly log: FastifyBaseLogger,
    options: PostgresLeaderOptions = {},
  ) {
    const election = options.election ?? 'controllers';
    this.key = leaderLockKey(election);
    this.retryIntervalMs = options.retryIntervalMs ?? 1000;
    this.state = new LeadershipState(log, election);
    // A check that takes this long means a dead connection, or an event loop too busy to lead.
    const config = {
      ...postgresClientConfig(connectionString, `tmc-leader-${election}`),
      query_timeout: CHECK_TIMEOUT_MS,
    };
    this.session = new PostgresSession(
      config,
      {
        connected: async (client) => {
          await client.query(SHORT_KEEPALIVES);
          await this.attempt(client);
        },
        lost: () => this.stepDown(),
      },
      log,
    );
  }

  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    await this.session.start();
    this.timer = setInterval(() => void this.tick(), this.retryIntervalMs);
    this.timer.unref();
  }

  isLeader(): boolean {
    return this.state.isLeader;
  }

  onChange(listener: LeadershipListener): () => void {
    return this.state.subscribe(listener);
  }

  /** Closing the session frees the lock, so a follower can take over at its next try. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.state.set(false);
    await this.session.stop();
  }

  private async tick(): Promise<void> {
    const client = this.session.current;
    if (!client || this.attempting) return;
    this.attempting = true;
    try {
      await this.attempt(client);
    } catch (error) {
      // A connection that cannot answer may no longer hold the lock: step down first, then reconnect.
      this.stepDown();
      this.session.reset(client, error);
    } finally {
      this.attempting = false;
    }
  }

  /**
   * A replica that lost its session is the likely unhealthy one: it sits out a few retry rounds,
   * so a follower with a working connection takes over instead of the old leader winning the
   * lock back the moment it reconnects.
   */
  private stepDown(): void {
    if (this.state.isLeader) this.campaignAfter = Date.now() + 3 * this.retryIntervalMs;
    this.state.set(false);
  }

  private async attempt(client: pg.Client): Promise<void> {
    const lock = [this.key.classId, this.key.objectId];
    if (this.state.isLeader) {
      const held = await client.query<{ ok: boolean }>(HOLDS_LOCK, lock);
      if (!held.rows[0]?.ok) this.state.set(false);
      return;
    }
    if (Date.now() < this.campaignAfter) return;
    const taken = await client.query<{ ok: boolean }>(TRY_LOCK, lock);
    if (taken.rows[0]?.ok && !this.stopped) this.state.set(true);
  }
}
