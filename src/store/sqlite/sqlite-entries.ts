// The rows of the entries kept apart (see ../entries-apart.ts) in the SQLite store: written in
// the object's own savepoint, so an object and its entries change together or not at all, and
// read back in name order.
import type Database from 'better-sqlite3';
import type { KubeObject } from '../../schemas/meta.js';
import { type NamedEntry, entryChanges, joinEntries, splitEntries } from '../entries-apart.js';
import type { ObjectKey } from '../types.js';

type Sql = (text: string) => Database.Statement;

const SELECT = 'SELECT body FROM object_entries WHERE kind = ? AND namespace = ? AND name = ? ORDER BY target';
const DELETE_ALL = 'DELETE FROM object_entries WHERE kind = ? AND namespace = ? AND name = ?';
const DELETE_ONE = 'DELETE FROM object_entries WHERE kind = ? AND namespace = ? AND name = ? AND target = ?';
const UPSERT =
  'INSERT INTO object_entries (kind, namespace, name, target, resource_version, body) VALUES (?, ?, ?, ?, ?, ?) ' +
  'ON CONFLICT (kind, namespace, name, target) DO UPDATE SET resource_version = excluded.resource_version, ' +
  'body = excluded.body';

/** The text to store for the object, and its entries' count when they are kept apart. */
export interface StoredBody {
  body: string;
  entries: number | null;
}

/**
 * Inside the write's savepoint: the object's entry rows brought to what `object` holds (none
 * when it is kept whole), writing only what changed since `before` (the entries at the stored
 * version, when this process knows them), each stamped with the object's new version.
 * `hadRows`: the stored version kept its entries apart.
 */
export function writeEntries(
  sql: Sql,
  key: ObjectKey,
  object: KubeObject,
  before: readonly NamedEntry[] | undefined,
  hadRows: boolean,
): StoredBody {
  const apart = splitEntries(object);
  const { kind, namespace, name } = key;
  if (!apart) {
    if (hadRows) sql(DELETE_ALL).run(kind, namespace, name);
    return { body: JSON.stringify(object), entries: null };
  }
  const changes = entryChanges(hadRows ? before : undefined, apart.entries);
  if (changes.replaceAll && hadRows) sql(DELETE_ALL).run(kind, namespace, name);
  const upsert = sql(UPSERT);
  const version = Number(object.metadata.resourceVersion);
  for (const entry of changes.put) upsert.run(kind, namespace, name, entry.name, version, JSON.stringify(entry));
  const remove = sql(DELETE_ONE);
  for (const target of changes.remove) remove.run(kind, namespace, name, target);
  return { body: JSON.stringify(apart.body), entries: apart.entries.length };
}

/** Removes the object's entry rows (it was deleted). */
export function deleteEntries(sql: Sql, key: ObjectKey): void {
  sql(DELETE_ALL).run(key.kind, key.namespace, key.name);
}

/** The stored object, its entries read back from their rows when they are kept apart. */
export function readObject(sql: Sql, key: ObjectKey, body: string, entries: number | null): KubeObject {
  const object = JSON.parse(body) as KubeObject;
  if (entries === null) return object;
  // One parse of the rows joined is faster than a parse per row.
  const rows = sql(SELECT).pluck().all(key.kind, key.namespace, key.name) as string[];
  return joinEntries(object, JSON.parse(`[${rows.join(',')}]`) as unknown[]);
}
