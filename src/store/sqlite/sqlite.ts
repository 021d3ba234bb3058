// The embedded store: one SQLite file in WAL mode. better-sqlite3 is synchronous, so each
// write is a short transaction that runs to completion before any other request is served.
import type Database from 'better-sqlite3';
import type { KubeObject } from '../../schemas/meta.js';
import { ChangeFanout } from '../change-fanout.js';
import { SqliteAgentData } from './sqlite-agent-data.js';
import { alreadyExists, checkPreconditions } from '../preconditions.js';
import { openSqliteDatabase } from './sqlite-connection.js';
import { migrateSqlite } from './sqlite-migrations.js';
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

export interface SqliteStoreOptions {
  /** How many changes the feed keeps; older ones are compacted away. */
  changeRetention?: number;
  onListenerError?: (error: unknown) => void;
}

const SELECT_ONE = 'SELECT resource_version, body FROM objects WHERE kind = ? AND namespace = ? AND name = ?';

interface ObjectRow {
  resource_version: number;
  body: string;
}

export class SqliteStore implements Store {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly fanout: ChangeFanout;
  private readonly retention: number;
  private writesSinceCompaction = 0;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly agentData: SqliteAgentData;

  constructor(file: string, options: SqliteStoreOptions = {}) {
    this.db = openSqliteDatabase(file);
    this.retention = options.changeRetention ?? 100_000;
    this.fanout = new ChangeFanout(options.onListenerError ?? (() => undefined));
    this.agentData = new SqliteAgentData(
      this.db,
      (text) => this.sql(text),
      options.onListenerError ?? (() => undefined),
    );
  }

  async migrate(): Promise<void> {
    migrateSqlite(this.db);
  }
  async ping(): Promise<void> {
    this.sql('SELECT 1').get();
  }

  async get(key: ObjectKey): Promise<KubeObject | undefined> {
    const row = this.row(key);
    return row ? (JSON.parse(row.body) as KubeObject) : undefined;
  }

  async list(kind: string, options: ListOptions = {}): Promise<ListResult> {
    const where = ['kind = ?'];
    const params: unknown[] = [kind];
    if (options.namespace !== undefined) {
      where.push('namespace = ?');
      params.push(options.namespace);
    }
    if (options.after) {
      where.push('(namespace, name) > (?, ?)');
      params.push(options.after.namespace, options.after.name);
    }
    const limit = options.limit ? ` LIMIT ${Math.floor(options.limit)}` : '';
    const read = this.db.transaction(() => ({
      rows: this.db
        .prepare(`SELECT body FROM objects WHERE ${where.join(' AND ')} ORDER BY namespace, name${limit}`)
        .all(...params) as { body: string }[],
      resourceVersion: this.currentVersion(),
    }));
    const { rows, resourceVersion } = read.deferred();
    return { items: rows.map((r) => JSON.parse(r.body) as KubeObject), resourceVersion };
  }

  async create(object: KubeObject): Promise<KubeObject> {
    assertStorable(object);
    const key = keyOf(object);
    return this.write('ADDED', key, () => {
      if (this.row(key)) throw alreadyExists(key);
      return object;
    });
  }

  async update(object: KubeObject, preconditions: Preconditions = {}): Promise<KubeObject> {
    assertStorable(object);
    const key = keyOf(object);
    return this.write('MODIFIED', key, () => {
      this.checkPreconditions(key, preconditions);
      return object;
    });
  }

  async delete(key: ObjectKey, preconditions: Preconditions = {}): Promise<KubeObject> {
    return this.write('DELETED', key, () => this.checkPreconditions(key, preconditions));
  }

  async currentResourceVersion(): Promise<number> {
    return this.currentVersion();
  }

  async changesSince(resourceVersion: number, limit = 10_000): Promise<Change[]> {
    const oldest = this.db.prepare('SELECT MIN(resource_version) AS v FROM changes').get() as { v: number | null };
    if (oldest.v !== null && resourceVersion < oldest.v - 1) {
      throw new StoreError(
        'Expired',
        `resourceVersion ${resourceVersion} is too old: the oldest kept change is ${oldest.v}`,
      );
    }
    const rows = this.db
      .prepare(
        'SELECT resource_version, type, body FROM changes WHERE resource_version > ? ORDER BY resource_version LIMIT ?',
      )
      .all(resourceVersion, limit) as { resource_version: number; type: ChangeType; body: string }[];
    return rows.map((r) => ({
      type: r.type,
      resourceVersion: r.resource_version,
      object: JSON.parse(r.body) as KubeObject,
    }));
  }

  issueAgentToken = (token: AgentTokenRecord, olderValidUntil: number) =>
    this.agentData.issueAgentToken(token, olderValidUntil);
  findAgentToken = (hash: string) => this.agentData.findAgentToken(hash);
  listAgentTokenTimes = (syncTargetUid: string, now: number) => this.agentData.listAgentTokenTimes(syncTargetUid, now);
  recordHeartbeats = (beats: HeartbeatRecord[]) => this.agentData.recordHeartbeats(beats);
  readHeartbeats = (names?: string[]) => this.agentData.readHeartbeats(names);
  forgetSyncTarget = (uid: string) => this.agentData.forgetSyncTarget(uid);
  onAgentTokensChanged = (listener: AgentTokensListener) => this.agentData.onAgentTokensChanged(listener);

  onChange(listener: ChangeListener): () => void {
    return this.fanout.subscribe(listener);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /** One transaction: check and produce the object, stamp the next version, log the change. */
  private write(type: ChangeType, key: ObjectKey, produce: () => KubeObject): KubeObject {
    const transaction = this.db.transaction(() => {
      const object = produce();
      const resourceVersion = this.currentVersion() + 1;
      const stored: KubeObject = {
        ...object,
        metadata: { ...object.metadata, resourceVersion: String(resourceVersion) },
      };
      const body = JSON.stringify(stored);
      this.sql(
        'INSERT INTO changes (resource_version, type, kind, namespace, name, body) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(resourceVersion, type, key.kind, key.namespace, key.name, body);
      if (type === 'DELETED') {
        this.sql('DELETE FROM objects WHERE kind = ? AND namespace = ? AND name = ?').run(
          key.kind,
          key.namespace,
          key.name,
        );
      } else {
        this.sql(
          'INSERT INTO objects (kind, namespace, name, resource_version, body) VALUES (?, ?, ?, ?, ?) ' +
            'ON CONFLICT (kind, namespace, name) DO UPDATE SET resource_version = excluded.resource_version, body = excluded.body',
        ).run(key.kind, key.namespace, key.name, resourceVersion, body);
      }
      return { type, resourceVersion, object: stored };
    });
    const change = transaction.immediate();
    this.afterWrite(change);
    return change.object;
  }

  private checkPreconditions(key: ObjectKey, preconditions: Preconditions): KubeObject {
    const row = this.row(key);
    const current = row
      ? { resourceVersion: String(row.resource_version), object: JSON.parse(row.body) as KubeObject }
      : undefined;
    return checkPreconditions(key, current, preconditions).object;
  }

  private row(key: ObjectKey): ObjectRow | undefined {
    return this.sql(SELECT_ONE).get(key.kind, key.namespace, key.name) as ObjectRow | undefined;
  }

  /** AUTOINCREMENT's sequence survives compaction, so versions never repeat or go back. */
  private currentVersion(): number {
    const row = this.sql("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").get() as { seq: number } | undefined;
    return row?.seq ?? 0;
  }

  /** Prepared statements are cached: preparing costs more than running these small queries. */
  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  private afterWrite(change: Change): void {
    if (++this.writesSinceCompaction >= 1000) {
      this.writesSinceCompaction = 0;
      this.sql('DELETE FROM changes WHERE resource_version <= ?').run(change.resourceVersion - this.retention);
    }
    this.fanout.emit(change);
  }
}
