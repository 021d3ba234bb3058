// The three-way merge behind `tmc apply`, as kubectl computes it for custom resources: what the
// file sets wins; what an earlier apply set and the file no longer has is removed; what others
// set (a `tmc cordon`, server defaults) stays. The last applied configuration is kept in an
// annotation on the object, so the next apply knows what it may remove.
import { isDeepStrictEqual } from 'node:util';
import type { Json } from '../lib/merge-patch.js';
import type { KubeObject } from '../schemas/meta.js';

export const LAST_APPLIED = 'tmc.kcp.io/last-applied-configuration';

type JsonObject = { [key: string]: Json };
const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The parts of an object that apply manages: labels, annotations and every top-level field but
 * status (spec; a ConfigMap's data, a Role's rules...). The server owns the rest (uid,
 * resourceVersion, generation, status), so output of `tmc get -o yaml` can be applied back as it is.
 */
export function managedView(object: KubeObject, withoutLastApplied = true): JsonObject {
  const { [LAST_APPLIED]: _dropped, ...annotations } = object.metadata.annotations ?? {};
  const metadata: JsonObject = {};
  if (object.metadata.labels && Object.keys(object.metadata.labels).length > 0)
    metadata.labels = object.metadata.labels;
  const kept = withoutLastApplied ? annotations : (object.metadata.annotations ?? {});
  if (Object.keys(kept).length > 0) metadata.annotations = kept;
  const { apiVersion: _apiVersion, kind: _kind, metadata: _metadata, status: _status, ...fields } = object;
  return { metadata, ...(fields as JsonObject) };
}

/** Keys the previous apply set that the new configuration drops become nulls (merge-patch deletes). */
function deletions(original: JsonObject, modified: JsonObject): JsonObject {
  const patch: JsonObject = {};
  for (const [key, value] of Object.entries(original)) {
    if (!(key in modified)) patch[key] = null;
    else if (isObject(value) && isObject(modified[key])) {
      const nested = deletions(value, modified[key]);
      if (Object.keys(nested).length > 0) patch[key] = nested;
    }
  }
  return patch;
}

/** Keys the new configuration sets to something the live object does not have. */
function changes(current: JsonObject, modified: JsonObject): JsonObject {
  const patch: JsonObject = {};
  for (const [key, value] of Object.entries(modified)) {
    const live = current[key];
    if (isObject(value) && isObject(live)) {
      const nested = changes(live, value);
      if (Object.keys(nested).length > 0) patch[key] = nested;
    } else if (!isDeepStrictEqual(live, value)) {
      patch[key] = value;
    }
  }
  return patch;
}

function merge(a: JsonObject, b: JsonObject): JsonObject {
  const out: JsonObject = { ...a };
  for (const [key, value] of Object.entries(b))
    out[key] = isObject(value) && isObject(out[key]) ? merge(out[key] as JsonObject, value) : value;
  return out;
}

/**
 * The merge patch that takes `current` (live) to what `modified` (the file) asks for, given
 * `original` (the previous apply, if any). An empty patch means the object is unchanged.
 */
export function threeWayPatch(original: JsonObject | undefined, modified: JsonObject, current: JsonObject): JsonObject {
  return merge(original ? deletions(original, modified) : {}, changes(current, modified));
}

/** The previous apply's configuration, read back from the live object's annotation. */
export function lastApplied(live: KubeObject): JsonObject | undefined {
  const text = live.metadata.annotations?.[LAST_APPLIED];
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined; // a mangled annotation only means nothing is pruned this time
  }
}
