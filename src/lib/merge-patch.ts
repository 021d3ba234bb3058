// JSON merge patch (RFC 7386), the patch form of the contract: objects merge key by key,
// null deletes a key, and anything else (arrays included) replaces the target value.
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isPlainObject = (value: unknown): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function applyMergePatch(target: Json | undefined, patch: Json): Json {
  if (!isPlainObject(patch)) return structuredClone(patch);
  const result: Record<string, Json> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

/**
 * Deep equality of JSON values, used to decide whether a write changed anything. A loop over
 * pairs still to compare, not a recursion: no nesting can exhaust the stack.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  // Most calls compare a value with itself or with nothing (per entry of an object on thousands of targets).
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const lefts: unknown[] = [a];
  const rights: unknown[] = [b];
  while (lefts.length > 0) {
    const left = lefts.pop();
    const right = rights.pop();
    if (left === right) continue;
    if (typeof left !== typeof right || left === null || right === null || typeof left !== 'object') return false;
    if (Array.isArray(left) !== Array.isArray(right)) return false;
    if (Array.isArray(left)) {
      const other = right as unknown[];
      if (left.length !== other.length) return false;
      for (let i = 0; i < left.length; i++) {
        lefts.push(left[i]);
        rights.push(other[i]);
      }
      continue;
    }
    const l = left as Record<string, unknown>;
    const r = right as Record<string, unknown>;
    const keys = Object.keys(l).filter((k) => l[k] !== undefined);
    if (keys.length !== Object.keys(r).filter((k) => r[k] !== undefined).length) return false;
    for (const key of keys) {
      lefts.push(l[key]);
      rights.push(r[key]);
    }
  }
  return true;
}
