// An object placed on many SyncTargets carries an entry per target in status.syncTargets, and
// an agent's status report changes one entry. Stored inside the object, every report rewrote
// the whole of it (about 6 MB at 10,000 targets, twice: the object and its change), and the
// write held the event loop for hundreds of milliseconds. So a store keeps such an object's
// entries apart, a row per target, and writes only the entries that changed. This is the part
// both stores share: which objects qualify, the body kept without its entries, and which
// entries a write changes.
import type { KubeObject } from '../schemas/meta.js';

/** From this many entries on, the entries are kept apart from the object. */
export const ENTRIES_APART_FROM = 100;

/** An entry of status.syncTargets, as far as a store needs to know it. */
export interface NamedEntry {
  name: string;
}

/** The object as kept without its entries, and the entries (sorted by name, each once). */
export interface EntriesApart {
  /** status.syncTargets holds the entries' count in place of the array, so the field keeps its place. */
  body: KubeObject;
  entries: readonly NamedEntry[];
}

// Names that sort the same in JavaScript, in SQLite's and in PostgreSQL's "C" collation (every
// SyncTarget name does: it is a DNS subdomain).
const PRINTABLE_ASCII = /^[!-~]+$/;

const entriesIn = (object: KubeObject): unknown =>
  (object.status as { syncTargets?: unknown } | undefined)?.syncTargets;

/**
 * The object split from its entries when it has enough of them, each a named object, in
 * strictly ascending order of name (as the scheduler keeps them); undefined otherwise, and the
 * object is kept whole. The order is the rows' own, so no list of names is kept besides them.
 */
export function splitEntries(object: KubeObject): EntriesApart | undefined {
  const entries = entriesIn(object);
  if (!Array.isArray(entries) || entries.length < ENTRIES_APART_FROM) return undefined;
  let previous = '';
  for (const entry of entries as unknown[]) {
    const name = (entry as Partial<NamedEntry> | null)?.name;
    if (typeof entry !== 'object' || Array.isArray(entry) || typeof name !== 'string') return undefined;
    if (name <= previous || !PRINTABLE_ASCII.test(name)) return undefined;
    previous = name;
  }
  const status = object.status as Record<string, unknown>;
  return {
    body: { ...object, status: { ...status, syncTargets: entries.length } },
    entries: entries as NamedEntry[],
  };
}

/** The kept object with its entries back in place (from their rows, in name order). */
export function joinEntries(body: KubeObject, entries: unknown[]): KubeObject {
  const status = (body.status ?? {}) as Record<string, unknown>;
  return { ...body, status: { ...status, syncTargets: entries } };
}

/** What a write changes among the rows: entries to write (new or changed) and names to remove. */
export interface EntryChanges {
  put: NamedEntry[];
  remove: string[];
}

/**
 * The rows a write changes, from the entries stored before (when known) to the new ones, both
 * in name order. Entries are compared by identity: a writer derives the next status from the
 * stored object and replaces what it changes, so an entry that is the same object is unchanged.
 * Without the entries before (another process wrote, or the object was kept whole), every row
 * is written and `replaceAll` says the old rows go first.
 */
export function entryChanges(
  before: readonly NamedEntry[] | undefined,
  after: readonly NamedEntry[],
): EntryChanges & { replaceAll: boolean } {
  if (!before) return { put: [...after], remove: [], replaceAll: true };
  const put: NamedEntry[] = [];
  const remove: string[] = [];
  let i = 0;
  let j = 0;
  while (i < after.length || j < before.length) {
    const next = after[i];
    const old = before[j];
    if (next && old && next.name === old.name) {
      if (next !== old) put.push(next);
      i++;
      j++;
    } else if (next && (!old || next.name < old.name)) {
      put.push(next);
      i++;
    } else {
      remove.push(old!.name);
      j++;
    }
  }
  return { put, remove, replaceAll: false };
}
