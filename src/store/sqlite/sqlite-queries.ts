// The SQL of the SQLite store's lists, change feed reads and writes, apart from the store's
// bookkeeping (transactions, compaction, listeners).
import type Database from 'better-sqlite3';
import type { KubeObject } from '../../schemas/meta.js';
import { deleteEntries, readObject, type StoredBody, writeEntries } from './sqlite-entries.js';
import type { NamedEntry } from '../entries-apart.js';
import {
  type Change,
  type ChangeType,
  type ListOptions,
  type ListResult,
  type ObjectKey,
  StoreError,
} from '../types.js';

export interface ObjectRow {
  resource_version: number;
  body: string;
  entries: number | null;
}

const SELECT_ONE = 'SELECT resource_version, body, entries FROM objects WHERE kind = ? AND namespace = ? AND name = ?';

/** The stored row of an object: its version, its body and, when they are kept apart, its entries' count. */
export const objectRow = (sql: Sql, key: ObjectKey): ObjectRow | undefined =>
  sql(SELECT_ONE).get(key.kind, key.namespace, key.name) as ObjectRow | undefined;

/** One page of a kind, read in one transaction with the version it is current at. */
export function listRows(
  db: Database.Database,
  sql: Sql,
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
  const text = `SELECT namespace, name, body, entries FROM objects WHERE ${where.join(' AND ')} ORDER BY namespace, name`;
  const read = db.transaction(() => ({
    items: (db.prepare(text + limit).all(...params) as Row[]).map((r) =>
      readObject(sql, { kind, ...r }, r.body, r.entries),
    ),
    resourceVersion: currentVersion(),
  }));
  return read.deferred();
}

interface Row {
  namespace: string;
  name: string;
  body: string;
  entries: number | null;
}

/**
 * The changes after a version; Expired when compaction has dropped some of them. A change of an
 * object whose entries are kept apart carries the entries as they are now (the rows keep no
 * history): an older change of it shows newer entries, and one of an object deleted since, none.
 */
export function changeRows(db: Database.Database, sql: Sql, resourceVersion: number, limit: number): Change[] {
  const oldest = db.prepare('SELECT MIN(resource_version) AS v FROM changes').get() as { v: number | null };
  if (oldest.v !== null && resourceVersion < oldest.v - 1) {
    throw new StoreError(
      'Expired',
      `resourceVersion ${resourceVersion} is too old: the oldest kept change is ${oldest.v}`,
    );
  }
  const text =
    'SELECT resource_version, type, kind, namespace, name, body, entries FROM changes ' +
    'WHERE resource_version > ? ORDER BY resource_version LIMIT ?';
  const read = db.transaction(() =>
    (db.prepare(text).all(resourceVersion, limit) as ChangeRow[]).map((r) => ({
      type: r.type,
      resourceVersion: r.resource_version,
      object: readObject(sql, r, r.body, r.entries),
    })),
  );
  return read.deferred();
}

type ChangeRow = Row & { resource_version: number; type: ChangeType; kind: string };

type Sql = (text: string) => Database.Statement;

/** AUTOINCREMENT's sequence survives compaction, so versions never repeat or go back. */
export function currentVersion(sql: Sql): number {
  const row = sql("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").get() as { seq: number } | undefined;
  return row?.seq ?? 0;
}

/** What this process knows of the stored version: the entries kept apart, at that version. */
export type KnownEntries = (key: ObjectKey, resourceVersion: number) => readonly NamedEntry[] | undefined;

const SELECT_STORED = 'SELECT resource_version, entries FROM objects WHERE kind = ? AND namespace = ? AND name = ?';

/** Inside the write transaction: stamp the next version, log the change, then store or remove the object. */
export function writeChange(
  sql: Sql,
  type: ChangeType,
  key: ObjectKey,
  object: KubeObject,
  known: KnownEntries,
): Change {
  const resourceVersion = currentVersion(sql) + 1;
  const stored: KubeObject = { ...object, metadata: { ...object.metadata, resourceVersion: String(resourceVersion) } };
  if (type === 'DELETED') {
    // The last state is logged whole: its entries' rows go with the object.
    deleteEntries(sql, key);
    logChange(sql, type, key, resourceVersion, { body: JSON.stringify(stored), entries: null });
    sql('DELETE FROM objects WHERE kind = ? AND namespace = ? AND name = ?').run(key.kind, key.namespace, key.name);
    return { type, resourceVersion, object: stored };
  }
  const prior = sql(SELECT_STORED).get(key.kind, key.namespace, key.name) as StoredRow | undefined;
  const hadRows = prior?.entries !== null && prior?.entries !== undefined;
  const before = prior && hadRows ? known(key, prior.resource_version) : undefined;
  const body = writeEntries(sql, key, stored, before, hadRows);
  logChange(sql, type, key, resourceVersion, body);
  sql(
    'INSERT INTO objects (kind, namespace, name, resource_version, body, entries) VALUES (?, ?, ?, ?, ?, ?) ' +
      'ON CONFLICT (kind, namespace, name) DO UPDATE SET resource_version = excluded.resource_version, ' +
      'body = excluded.body, entries = excluded.entries',
  ).run(key.kind, key.namespace, key.name, resourceVersion, body.body, body.entries);
  return { type, resourceVersion, object: stored };
}

interface StoredRow {
  resource_version: number;
  entries: number | null;
}

function logChange(sql: Sql, type: ChangeType, key: ObjectKey, resourceVersion: number, body: StoredBody): void {
  sql(
    'INSERT INTO changes (resource_version, type, kind, namespace, name, body, entries) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(resourceVersion, type, key.kind, key.namespace, key.name, body.body, body.entries);
}
