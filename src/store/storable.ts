// The stores' own guard against values they cannot keep (see lib/json-guard.ts). The API
// refuses them in request bodies already; this catches any other way in (a controller, the kcp
// mirror, a future route), on both stores alike, so no object is ever stored that a later
// write, or PostgreSQL's jsonb, would choke on.
import { MAX_STORED_DEPTH, jsonFlaw } from '../lib/json-guard.js';
import type { KubeObject } from '../schemas/meta.js';
import { StoreError, describeKey, keyOf } from './types.js';
import { ENTRIES_APART_FROM } from './entries-apart.js';

// The entries of status.syncTargets found sound, each at its place there (depth 4: the object,
// status, the array, the entry). A writer replaces an entry it changes and keeps the others,
// so a status report on an object placed on 10,000 targets walks one entry, not all of them.
const soundEntries = new WeakSet<object>();
const ENTRY_DEPTH = 4;
const known = (value: object, depth: number) => depth === ENTRY_DEPTH && soundEntries.has(value);

/** Throws StoreError Invalid, naming the field, when the object holds what no store may keep. */
export function assertStorable(object: KubeObject): void {
  const flaw = jsonFlaw(object, { maxDepth: MAX_STORED_DEPTH, known });
  if (flaw) {
    throw new StoreError(
      'Invalid',
      `${describeKey(keyOf(object))}: ${flaw.field || '<object>'}: ${flaw.message}`,
      flaw,
    );
  }
  const entries = (object.status as { syncTargets?: unknown } | undefined)?.syncTargets;
  if (Array.isArray(entries) && entries.length >= ENTRIES_APART_FROM) {
    for (const entry of entries) if (typeof entry === 'object' && entry !== null) soundEntries.add(entry);
  }
}
