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
import { ENTRIES_UNKNOWN } from './postgres-write-entries.js';
import { entryChanges, splitEntries } from '../entries-apart.js';
import { KnownVersions } from '../known-versions.js';

export interface PostgresWriterOptions {
  log: FastifyBaseLogger;
  /** How many changes the feed keeps; older ones are compacted away. */
  changeRetention?: number;
  /** Compact after this many writes through this process. */
  compactEvery?: number;
}

// An object changed by other replicas between each try is given up on (StoreError Conflict).
const ATTEMPTS = 4;

/** The object as tmc_write_entries takes it: whole, or without its entries and the rows that changed. */
interface WritePlan {
  body: string | null;
  entries: number | null;
  base: number | null;
  putTargets: string[] | null;
  putBodies: string[] | null;
  remove: string[] | null;
}

const WHOLE = { entries: null, base: null, putTargets: null, putBodies: null, remove: null };

function writePlan(object: KubeObject, known: ReturnType<KnownVersions['latest']>): WritePlan {
  const apart = splitEntries(object);
  if (!apart) return { body: JSON.stringify(object), ...WHOLE };
  const changes = entryChanges(known?.entries, apart.entries);
  return {
    body: JSON.stringify(apart.body),
    entries: apart.entries.length,
    base: changes.replaceAll ? null : known!.resourceVersion,
    putTargets: changes.put.map((e) => e.name),
    putBodies: changes.put.map((e) => JSON.stringify(e)),
    remove: changes.remove,
  };
}

/** A delete of an object whose entries are kept apart: its last state read whole, at its version. */
async function deletePlan(key: ObjectKey, readWhole?: () => Promise<KubeObject | undefined>): Promise<WritePlan> {
  const whole = await readWhole?.();
  if (!whole) throw notFound(key);
  return { body: JSON.stringify(whole), ...WHOLE, base: Number(whole.metadata.resourceVersion) };
}

export class PostgresWriter {
  /** The version of each object last seen here, and its entries kept apart then. */
  readonly known = new KnownVersions();

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

  /** Writes through tmc_write_entries; the change reaches this process's listeners before the call returns. */
  async write(
    type: ChangeType,
    key: ObjectKey,
    object: KubeObject | undefined,
    preconditions: Preconditions,
    readWhole?: () => Promise<KubeObject | undefined>,
  ): Promise<KubeObject> {
    if (q.impossibleKey(key)) {
      if (type === 'ADDED') throw new Error(`${describeKey(key)}: a name or namespace cannot contain NUL`);
      throw notFound(key);
    }
    let plan = object ? writePlan(object, this.known.latest(key)) : { body: null, ...WHOLE };
    for (let attempt = 1; ; attempt++) {
      try {
        const { resource_version: resourceVersion, body } = await this.call(type, key, plan, preconditions);
        // A delete answers with the stored object; a create or update stores the one sent, stamped.
        const stored = object
          ? { ...object, metadata: { ...object.metadata, resourceVersion: String(resourceVersion) } }
          : q.stamped(body!, resourceVersion);
        const change: Change = { type, resourceVersion: Number(resourceVersion), object: stored };
        this.known.set(key, change.resourceVersion, stored, type === 'DELETED');
        await this.compactNowAndThen(change.resourceVersion);
        await this.feed.committed(change);
        return change.object;
      } catch (error) {
        if ((error as { code?: string }).code !== ENTRIES_UNKNOWN || attempt >= ATTEMPTS) {
          throw storeErrorOf(error, key, preconditions);
        }
        // Another replica wrote since the entries this process knows: all of them, or the last state whole.
        if (object) plan = writePlan(object, undefined);
        else plan = await deletePlan(key, readWhole);
      }
    }
  }

  private async call(type: ChangeType, key: ObjectKey, plan: WritePlan, preconditions: Preconditions) {
    const values = [
      type,
      key.kind,
      key.namespace,
      key.name,
      plan.body,
      preconditions.resourceVersion ?? null,
      preconditions.uid ?? null,
      plan.entries,
      plan.base,
      plan.putTargets,
      plan.putBodies,
      plan.remove,
    ];
    const { rows } = await this.writers.query<{ resource_version: string; body: string | null }>(q.WRITE, values);
    return rows[0]!;
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
