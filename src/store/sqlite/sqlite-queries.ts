// The SQL of the SQLite store's lists, change feed reads and writes, apart from the store's
// bookkeeping (transactions, compaction, listeners).
import type Database from 'better-sqlite3';
import type { KubeObject } from '../../schemas/meta.js';
import {
  type Change,
  type ChangeType,
  type ListOptions,
  type ListResult,
  type ObjectKey,
  StoreError,
} from '../types.js';

/** One page of a kind, read in one transaction with the version it is current at. */
export function listRows(
  db: Database.Database,
  kind: string,
  options: ListOptions,
  currentVersion: () => number,
): ListResult {
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
  const read = db.transaction(() => ({
    rows: db
      .prepare(`SELECT body FROM objects WHERE ${where.join(' AND ')} ORDER BY namespace, name${limit}`)
      .all(...params) as { body: string }[],
    resourceVersion: currentVersion(),
  }));
  const { rows, resourceVersion } = read.deferred();
  return { items: rows.map((r) => JSON.parse(r.body) as KubeObject), resourceVersion };
}

/** The changes after a version; Expired when compaction has dropped some of them. */
export function changeRows(db: Database.Database, resourceVersion: number, limit: number): Change[] {
  const oldest = db.prepare('SELECT MIN(resource_version) AS v FROM changes').get() as { v: number | null };
  if (oldest.v !== null && resourceVersion < oldest.v - 1) {
    throw new StoreError(
      'Expired',
      `resourceVersion ${resourceVersion} is too old: the oldest kept change is ${oldest.v}`,
    );
  }
  const rows = db
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

type Sql = (text: string) => Database.Statement;

/** AUTOINCREMENT's sequence survives compaction, so versions never repeat or go back. */
export function currentVersion(sql: Sql): number {
  const row = sql("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").get() as { seq: number } | undefined;
  return row?.seq ?? 0;
}

/** Inside the write transaction: stamp the next version, log the change, then store or remove the object. */
export function writeChange(sql: Sql, type: ChangeType, key: ObjectKey, object: KubeObject): Change {
  const resourceVersion = currentVersion(sql) + 1;
  const stored: KubeObject = { ...object, metadata: { ...object.metadata, resourceVersion: String(resourceVersion) } };
  writeRows(sql, type, key, resourceVersion, JSON.stringify(stored));
  return { type, resourceVersion, object: stored };
}

function writeRows(sql: Sql, type: ChangeType, key: ObjectKey, resourceVersion: number, body: string): void {
  sql('INSERT INTO changes (resource_version, type, kind, namespace, name, body) VALUES (?, ?, ?, ?, ?, ?)').run(
    resourceVersion,
    type,
    key.kind,
    key.namespace,
    key.name,
    body,
  );
  if (type === 'DELETED') {
    sql('DELETE FROM objects WHERE kind = ? AND namespace = ? AND name = ?').run(key.kind, key.namespace, key.name);
    return;
  }
  sql(
    'INSERT INTO objects (kind, namespace, name, resource_version, body) VALUES (?, ?, ?, ?, ?) ' +
      'ON CONFLICT (kind, namespace, name) DO UPDATE SET resource_version = excluded.resource_version, body = excluded.body',
  ).run(key.kind, key.namespace, key.name, resourceVersion, body);
}
