// The stores' own guard against values they cannot keep (see lib/json-guard.ts). The API
// refuses them in request bodies already; this catches any other way in (a controller, the kcp
// mirror, a future route), on both stores alike, so no object is ever stored that a later
// write, or PostgreSQL's jsonb, would choke on.
import { MAX_STORED_DEPTH, jsonFlaw } from '../lib/json-guard.js';
import type { KubeObject } from '../schemas/meta.js';
import { StoreError, describeKey, keyOf } from './types.js';

/** Throws StoreError Invalid, naming the field, when the object holds what no store may keep. */
export function assertStorable(object: KubeObject): void {
  const flaw = jsonFlaw(object, { maxDepth: MAX_STORED_DEPTH });
  if (!flaw) return;
  throw new StoreError('Invalid', `${describeKey(keyOf(object))}: ${flaw.field || '<object>'}: ${flaw.message}`, flaw);
}
