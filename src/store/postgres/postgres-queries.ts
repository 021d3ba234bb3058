// The SQL of the PostgreSQL store, in one place. Reads that return a resourceVersion beside
// data are single statements, so both come from one snapshot.
import type { KubeObject } from '../../schemas/meta.js';
import { joinEntries } from '../entries-apart.js';
import type { ListOptions, ObjectKey } from '../types.js';

/**
 * Stored bodies are kept as the client's object; the version comes from its row and is stamped
 * on every read, exactly where SQLite stamps it on write (the same spread, the same key order).
 */
export const stamped = (body: string, resourceVersion: string | number, entryRows?: string | null): KubeObject => {
  const parsed = JSON.parse(body) as KubeObject;
  // The entries kept apart, joined by the query in name order: one parse for all of them.
  const object = entryRows == null ? parsed : joinEntries(parsed, JSON.parse(`[${entryRows}]`) as unknown[]);
  return { ...object, metadata: { ...object.metadata, resourceVersion: String(resourceVersion) } };
};

/** The entry rows of the object row `o` (or of the current object a change row names), joined; null when kept whole. */
const entryRowsOf = (row: string, entries: string) =>
  `CASE WHEN ${entries} IS NULL THEN NULL ELSE (SELECT string_agg(e.body, ',' ORDER BY e.target) FROM object_entries AS e
    WHERE e.kind = ${row}.kind AND e.namespace = ${row}.namespace AND e.name = ${row}.name) END AS entry_rows`;

export const SELECT_OBJECT = `SELECT o.resource_version, o.body, ${entryRowsOf('o', 'o.entries')}
  FROM objects AS o WHERE o.kind = $1 AND o.namespace = $2 AND o.name = $3`;

/** PostgreSQL text cannot hold NUL and no valid name has one: such a key names nothing. */
export const impossibleKey = (key: ObjectKey): boolean => `${key.namespace}${key.name}`.includes('\u0000');

export const CURRENT_VERSION = 'SELECT value FROM resource_version';

/** One write, one round trip: see postgres-write-function.ts and postgres-write-entries.ts. */
export const WRITE =
  'SELECT resource_version, body FROM tmc_write_entries($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)';

/**
 * Changes after $1, at most $2, with the oldest version still kept (to detect Expired). A change
 * of an object whose entries are kept apart carries them as they are now (the rows keep no
 * history): an older change of it shows newer entries, and one of an object deleted since, none.
 */
export const CHANGES_SINCE = `SELECT (SELECT MIN(resource_version) FROM changes) AS oldest, c.resource_version, c.type, c.body,
    ${entryRowsOf('c', 'c.entries')}
  FROM (SELECT 1) AS one
  LEFT JOIN LATERAL (
    SELECT resource_version, type, kind, namespace, name, body, entries FROM changes WHERE resource_version > $1
    ORDER BY resource_version LIMIT $2
  ) AS c ON true
  ORDER BY c.resource_version`;

export const COMPACT = 'DELETE FROM changes WHERE resource_version <= $1';

/**
 * One page of a kind in (namespace, name) order with the store's version at the same instant.
 * The LEFT JOIN keeps one row (with a null body) when the page is empty.
 */
export function listQuery(kind: string, options: ListOptions): { text: string; values: unknown[] } {
  const values: unknown[] = [kind];
  const where = ['kind = $1'];
  if (options.namespace?.includes('\u0000')) {
    where.push('false');
  } else if (options.namespace !== undefined) {
    values.push(options.namespace);
    where.push(`namespace = $${values.length}`);
  }
  if (options.after) where.push(afterCondition(options.after, values));
  const limit = options.limit ? `LIMIT ${Math.floor(options.limit)}` : '';
  const text = `SELECT v.value AS store_version, o.resource_version, o.body, ${entryRowsOf('o', 'o.entries')}
    FROM resource_version AS v
    LEFT JOIN LATERAL (
      SELECT kind, namespace, name, resource_version, body, entries FROM objects WHERE ${where.join(' AND ')}
      ORDER BY namespace, name ${limit}
    ) AS o ON true
    ORDER BY o.namespace, o.name`;
  return { text, values };
}

/**
 * PostgreSQL text cannot hold NUL, but a continue token or a namespace in a URL can carry one.
 * No stored key contains NUL (no such namespace exists), so cutting a key at its NUL selects the same rows: for stored
 * names n, n > "ab\0x"
 * exactly when n > "ab"; a namespace cut that way means "every later namespace".
 */
function afterCondition(after: { namespace: string; name: string }, values: unknown[]): string {
  if (after.namespace.includes('\u0000')) {
    values.push(withoutNul(after.namespace));
    return `namespace > $${values.length}`;
  }
  values.push(after.namespace, withoutNul(after.name));
  return `(namespace, name) > ($${values.length - 1}, $${values.length})`;
}

const withoutNul = (text: string): string => {
  const nul = text.indexOf('\u0000');
  return nul === -1 ? text : text.slice(0, nul);
};
