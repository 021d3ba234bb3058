// The shared store for several server replicas: PostgreSQL through connection pools.
//
// resourceVersion: every write first increments the single row of the `resource_version`
// table. The row lock it takes is held until commit, so writers run one at a time and commit in
// version order: a reader that has seen version N has seen every version below N. That is what
// makes "changes after N" a gap-safe feed (with a free-running sequence, 11 could commit before
// 10 and a follower past 11 would never see 10). The price is one writer at a time store-wide,
// as with SQLite; each write is one call of a server-side function (postgres-write-function.ts),
// so the lock is held for microseconds of PostgreSQL work, not for client round trips.
import type pg from 'pg';
import type { KubeObject } from '../../schemas/meta.js';
import { ChangeFanout } from '../change-fanout.js';
import { PostgresAgentData } from './postgres-agent-data.js';
import { OrderedChangeFeed } from './postgres-change-feed.js';
import { createPool } from './postgres-connection.js';
import { migratePostgres } from './postgres-migrations.js';
import { NotificationFollower } from './postgres-notifications.js';
import * as q from './postgres-queries.js';
import { PostgresWriter, type PostgresWriterOptions } from './postgres-writer.js';
import { assertStorable } from '../storable.js';
import {
  type AgentTokenRecord,
  type AgentTokensListener,
  type Change,
  type ChangeListener,
  type ChangeType,
  type HeartbeatRecord,
  type ListOptions,
  type ListResult,
  type ObjectKey,
  type Preconditions,
  type Store,
  StoreError,
  keyOf,
} from '../types.js';

export interface PostgresStoreOptions extends PostgresWriterOptions {
  /** How often to look for changes when no notification came (a safety net: notifications are the fast path). */
  pollIntervalMs?: number;
  /** Connections for reads (writes have a few of their own). */
  poolSize?: number;
}

const WRITER_CONNECTIONS = 3;

interface ListRow {
  store_version: string;
  resource_version: string;
  body: string | null;
  entry_rows: string | null;
}

export class PostgresStore implements Store {
  readonly dialect = 'postgres' as const;
  private readonly pool: pg.Pool;
  private readonly writers: pg.Pool;
  private readonly fanout: ChangeFanout;
  private readonly feed: OrderedChangeFeed;
  private readonly follower: NotificationFollower;
  private readonly agentData: PostgresAgentData;
  private readonly writer: PostgresWriter;
  private closed = false;

  constructor(
    readonly connectionString: string,
    options: PostgresStoreOptions,
  ) {
    this.pool = createPool(connectionString, options.poolSize ?? 10, options.log);
    // Writes queue on the version lock anyway, so a few connections keep the lock busy; a pool
    // of their own keeps a burst of writes from taking every connection away from reads.
    this.writers = createPool(connectionString, WRITER_CONNECTIONS, options.log, 'tmc-writer');
    this.fanout = new ChangeFanout((error) => options.log.error({ err: error }, 'a change listener failed'));
    const tokensChanged = new ChangeFanout<string | undefined>((error) =>
      options.log.error({ err: error }, 'an agent token listener failed'),
    );
    this.feed = new OrderedChangeFeed(this, this.fanout, options.log);
    this.writer = new PostgresWriter(this.writers, this.pool, this.feed, options);
    this.agentData = new PostgresAgentData(this.pool, tokensChanged);
    const pollMs = options.pollIntervalMs ?? 2000;
    this.follower = new NotificationFollower(connectionString, this.feed, tokensChanged, options.log, pollMs);
  }

  /** Migrates, then starts following the change feed (listeners hear of changes from then on). */
  async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await migratePostgres(client);
    } finally {
      client.release();
    }
    this.feed.start(await this.currentResourceVersion());
    await this.follower.start();
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async get(key: ObjectKey): Promise<KubeObject | undefined> {
    if (q.impossibleKey(key)) return undefined;
    const { rows } = await this.pool.query<{ resource_version: string; body: string; entry_rows: string | null }>(
      q.SELECT_OBJECT,
      [key.kind, key.namespace, key.name],
    );
    const row = rows[0];
    if (!row) return undefined;
    const object = q.stamped(row.body, row.resource_version, row.entry_rows);
    this.writer.known.set(key, Number(row.resource_version), object);
    return object;
  }

  async list(kind: string, options: ListOptions = {}): Promise<ListResult> {
    const { rows } = await this.pool.query<ListRow>(q.listQuery(kind, options));
    const items = rows.flatMap((row) =>
      row.body === null ? [] : [q.stamped(row.body, row.resource_version, row.entry_rows)],
    );
    return { items, resourceVersion: Number(rows[0]?.store_version ?? 0) };
  }

  async create(object: KubeObject): Promise<KubeObject> {
    assertStorable(object);
    return this.writer.write('ADDED', keyOf(object), object, {});
  }

  async update(object: KubeObject, preconditions: Preconditions = {}): Promise<KubeObject> {
    assertStorable(object);
    return this.writer.write('MODIFIED', keyOf(object), object, preconditions);
  }

  async delete(key: ObjectKey, preconditions: Preconditions = {}): Promise<KubeObject> {
    return this.writer.write('DELETED', key, undefined, preconditions, () => this.get(key));
  }

  async currentResourceVersion(): Promise<number> {
    const { rows } = await this.pool.query<{ value: string }>(q.CURRENT_VERSION);
    return Number(rows[0]?.value ?? 0);
  }

  async changesSince(resourceVersion: number, limit = 10_000): Promise<Change[]> {
    const { rows } = await this.pool.query<{
      oldest: string | null;
      resource_version: string | null;
      type: ChangeType;
      body: string;
      entry_rows: string | null;
    }>(q.CHANGES_SINCE, [resourceVersion, limit]);
    const oldest = rows[0]?.oldest;
    if (oldest != null && resourceVersion < Number(oldest) - 1) {
      throw new StoreError(
        'Expired',
        `resourceVersion ${resourceVersion} is too old: the oldest kept change is ${oldest}`,
      );
    }
    return rows
      .filter((row) => row.resource_version !== null)
      .map((row) => ({
        type: row.type,
        resourceVersion: Number(row.resource_version),
        object: q.stamped(row.body, row.resource_version!, row.entry_rows),
      }));
  }

  issueAgentToken = (token: AgentTokenRecord, olderValidUntil: number) =>
    this.agentData.issueAgentToken(token, olderValidUntil);
  findAgentToken = (hash: string) => this.agentData.findAgentToken(hash);
  knownTokenHashes = () => this.agentData.knownTokenHashes();
  listAgentTokenTimes = (syncTargetUid: string, now: number) => this.agentData.listAgentTokenTimes(syncTargetUid, now);
  recordHeartbeats = (beats: HeartbeatRecord[]) => this.agentData.recordHeartbeats(beats);
  readHeartbeats = (names?: string[]) => this.agentData.readHeartbeats(names);
  forgetSyncTarget = (uid: string) => this.agentData.forgetSyncTarget(uid);
  onAgentTokensChanged = (listener: AgentTokensListener) => this.agentData.onAgentTokensChanged(listener);
  tokenNoticesConfirmedAt = () => this.follower.confirmedAt;

  onChange(listener: ChangeListener): () => void {
    return this.fanout.subscribe(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.feed.close();
    await this.follower.stop();
    await Promise.all([this.pool.end(), this.writers.end()]);
  }
}
