// The one way the PostgreSQL store writes: a call of the server-side function tmc_write
// (postgres-write-function.ts) on a pool of its own, then the change handed to the ordered feed
// before the call returns, and now and then a compaction of the change feed.
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import type { KubeObject } from '../../schemas/meta.js';
import { notFound } from '../preconditions.js';
import { type Change, type ChangeType, describeKey, type ObjectKey, type Preconditions } from '../types.js';
import type { OrderedChangeFeed } from './postgres-change-feed.js';
import * as q from './postgres-queries.js';
import { storeErrorOf } from './postgres-write-function.js';

export interface PostgresWriterOptions {
  log: FastifyBaseLogger;
  /** How many changes the feed keeps; older ones are compacted away. */
  changeRetention?: number;
  /** Compact after this many writes through this process. */
  compactEvery?: number;
}

export class PostgresWriter {
  private readonly retention: number;
  private readonly compactEvery: number;
  private writesSinceCompaction = 0;

  constructor(
    private readonly writers: pg.Pool,
    private readonly pool: pg.Pool,
    private readonly feed: OrderedChangeFeed,
    private readonly options: PostgresWriterOptions,
  ) {
    this.retention = options.changeRetention ?? 100_000;
    this.compactEvery = options.compactEvery ?? 1000;
  }

  /** Writes through tmc_write; the change reaches this process's listeners before the call returns. */
  async write(
    type: ChangeType,
    key: ObjectKey,
    object: KubeObject | undefined,
    preconditions: Preconditions,
  ): Promise<KubeObject> {
    if (q.impossibleKey(key)) {
      if (type === 'ADDED') throw new Error(`${describeKey(key)}: a name or namespace cannot contain NUL`);
      throw notFound(key);
    }
    const body = object ? JSON.stringify(object) : null;
    const values = [
      type,
      key.kind,
      key.namespace,
      key.name,
      body,
      preconditions.resourceVersion ?? null,
      preconditions.uid ?? null,
    ];
    const { rows } = await this.writers
      .query<{ resource_version: string; body: string }>(q.WRITE, values)
      .catch((error: unknown) => {
        throw storeErrorOf(error, key, preconditions);
      });
    const resourceVersion = rows[0]!.resource_version;
    // A delete answers with the stored object; a create or update stores the one sent, stamped.
    const stored = object
      ? { ...object, metadata: { ...object.metadata, resourceVersion: String(resourceVersion) } }
      : q.stamped(rows[0]!.body, resourceVersion);
    const change: Change = { type, resourceVersion: Number(resourceVersion), object: stored };
    await this.compactNowAndThen(change.resourceVersion);
    await this.feed.committed(change);
    return change.object;
  }

  /** Awaited, so the version window is exact when a write returns; a failure only delays it. */
  private async compactNowAndThen(latest: number): Promise<void> {
    if (++this.writesSinceCompaction < this.compactEvery) return;
    this.writesSinceCompaction = 0;
    await this.pool.query(q.COMPACT, [latest - this.retention]).catch((error: unknown) => {
      this.options.log.warn(
        { err: error },
        'PostgreSQL: compacting the change feed failed; the next compaction retries',
      );
    });
  }
}
