// The embedded store: one SQLite file in WAL mode. better-sqlite3 is synchronous, so each write
// runs to completion before any other request is served. The writes of one event-loop turn
// share one commit (sqlite-group-commit.ts): a fleet marking thousands of targets Ready at once
// waits for the disk once a turn, not once a write. A write resolves, and its change reaches
// listeners, only once committed.
import type Database from 'better-sqlite3';
import type { KubeObject } from '../../schemas/meta.js';
import { ChangeFanout } from '../change-fanout.js';
import { SqliteAgentData } from './sqlite-agent-data.js';
import { alreadyExists, checkPreconditions, notFound, otherUid, staleResourceVersion } from '../preconditions.js';
import { KnownVersions } from '../known-versions.js';
import { GroupCommit } from './sqlite-group-commit.js';
import { openSqliteDatabase } from './sqlite-connection.js';
import { migrateSqlite } from './sqlite-migrations.js';
import { type ObjectRow, changeRows, currentVersion, listRows, objectRow, writeChange } from './sqlite-queries.js';
import { readObject } from './sqlite-entries.js';
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
  keyOf,
} from '../types.js';

export interface SqliteStoreOptions {
  /** How many changes the feed keeps; older ones are compacted away. */
  changeRetention?: number;
  onListenerError?: (error: unknown) => void;
}

// The version column comes before the body: reading it alone leaves a large body unread.
const SELECT_VERSION = 'SELECT resource_version FROM objects WHERE kind = ? AND namespace = ? AND name = ?';

export class SqliteStore implements Store {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly fanout: ChangeFanout;
  private readonly retention: number;
  private writesSinceCompaction = 0;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly agentData: SqliteAgentData;
  private readonly uids = new KnownVersions();
  private readonly commits: GroupCommit<Change>;
  private readonly query = (text: string) => this.sql(text);
  private readonly knownEntries = (key: ObjectKey, version: number) => this.uids.entriesAt(key, version);

  constructor(file: string, options: SqliteStoreOptions = {}) {
    this.db = openSqliteDatabase(file);
    this.retention = options.changeRetention ?? 100_000;
    this.fanout = new ChangeFanout(options.onListenerError ?? (() => undefined));
    this.commits = new GroupCommit(this.db, (changes) => {
      for (const change of changes) this.afterWrite(change);
    });
    this.agentData = new SqliteAgentData(
      this.db,
      (text) => this.sql(text),
      options.onListenerError ?? (() => undefined),
      () => this.commits.settled(),
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
    if (!row) return undefined;
    const object = readObject(this.query, key, row.body, row.entries);
    this.uids.set(key, row.resource_version, object);
    return object;
  }

  async list(kind: string, options: ListOptions = {}): Promise<ListResult> {
    return listRows(this.db, this.query, kind, options, () => currentVersion(this.query));
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
      this.checkUpdate(key, preconditions);
      return object;
    });
  }

  async delete(key: ObjectKey, preconditions: Preconditions = {}): Promise<KubeObject> {
    return this.write('DELETED', key, () => this.checkPreconditions(key, preconditions));
  }

  async currentResourceVersion(): Promise<number> {
    return currentVersion(this.query);
  }

  async changesSince(resourceVersion: number, limit = 10_000): Promise<Change[]> {
    return changeRows(this.db, this.query, resourceVersion, limit);
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
  tokenNoticesConfirmedAt = () => this.agentData.tokenNoticesConfirmedAt();

  onChange(listener: ChangeListener): () => void {
    return this.fanout.subscribe(listener);
  }

  async close(): Promise<void> {
    // What this turn wrote is committed first: closing would roll it back.
    if (this.db.open) this.commits.commitNow();
    if (this.db.open) this.db.close();
  }

  /** One savepoint in this turn's transaction: check and produce the object, stamp the next version, log the change. */
  private write(type: ChangeType, key: ObjectKey, produce: () => KubeObject): Promise<KubeObject> {
    const group = this.commits.join();
    const step = this.db.transaction(() => {
      const change = writeChange(this.query, type, key, produce(), this.knownEntries);
      this.uids.set(key, change.resourceVersion, change.object, type === 'DELETED');
      return change;
    });
    const change = step();
    group.items.push(change);
    return group.committed.then(() => change.object);
  }

  private checkPreconditions(key: ObjectKey, preconditions: Preconditions): KubeObject {
    const row = this.row(key);
    const current = row
      ? { resourceVersion: String(row.resource_version), object: readObject(this.query, key, row.body, row.entries) }
      : undefined;
    if (row) this.uids.set(key, row.resource_version, current!.object);
    return checkPreconditions(key, current, preconditions).object;
  }

  /** An update's preconditions, the body read only when the uid at the stored version is not known. */
  private checkUpdate(key: ObjectKey, preconditions: Preconditions): void {
    const row = this.sql(SELECT_VERSION).get(key.kind, key.namespace, key.name) as
      | { resource_version: number }
      | undefined;
    if (!row) throw notFound(key);
    const version = String(row.resource_version);
    if (preconditions.resourceVersion !== undefined && preconditions.resourceVersion !== version)
      throw staleResourceVersion();
    if (preconditions.uid === undefined) return;
    const known = this.uids.at(key, row.resource_version);
    if (!known) return void this.checkPreconditions(key, preconditions);
    if (preconditions.uid !== known.uid) throw otherUid(preconditions.uid, known.uid);
  }

  private row(key: ObjectKey): ObjectRow | undefined {
    return objectRow(this.query, key);
  }

  /** Prepared statements are cached: preparing costs more than running these small queries. */
  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
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
