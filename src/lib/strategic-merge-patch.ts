// Strategic merge patch, as kube-apiserver applies it to built-in kinds: like a merge patch, but
// lists whose schema says `x-kubernetes-patch-strategy: merge` merge item by item under their
// `x-kubernetes-patch-merge-key` (primitive ones as sets), and the directives kubectl's
// client-side apply sends are honoured: `$patch: replace|delete|merge`, `$retainKeys`,
// `$setElementOrder/<list>` and `$deleteFromPrimitiveList/<list>`.
import { type ListShape, type Shape, deduced, fieldShape, isObject } from './ssa/shape.js';

export class PatchFormatError extends Error {
  override name = 'PatchFormatError';
}

const ORDER = '$setElementOrder/';
const DELETE_FROM = '$deleteFromPrimitiveList/';

/** The patch without its directives: what `$patch: replace` puts in place. */
function clean(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((item) => !(isObject(item) && item.$patch !== undefined)).map(clean);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k, v]) => !k.startsWith('$') && v !== null)
      .map(([k, v]) => [k, clean(v)]),
  );
}

export function strategicMerge(original: unknown, patch: unknown, shape: Shape): unknown {
  if (!isObject(patch)) throw new PatchFormatError('a strategic merge patch must be a JSON object');
  return mergeMap(isObject(original) ? original : {}, patch, shape);
}

function mergeMap(original: Record<string, unknown>, patch: Record<string, unknown>, shape: Shape): unknown {
  const directive = patch.$patch;
  if (directive === 'replace') return clean(patch);
  if (directive === 'delete') return undefined;
  if (directive !== undefined && directive !== 'merge') {
    throw new PatchFormatError(`Unknown patch type: ${String(directive)}`);
  }
  const out: Record<string, unknown> = { ...original };
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith(DELETE_FROM)) {
      const list = key.slice(DELETE_FROM.length);
      if (!Array.isArray(value)) throw new PatchFormatError(`invalid patch: ${key} must be a list`);
      if (Array.isArray(out[list])) out[list] = (out[list] as unknown[]).filter((item) => !value.includes(item));
      continue;
    }
    if (key.startsWith('$')) continue;
    if (value === null) {
      delete out[key];
      continue;
    }
    const merged = mergeValue(out[key], value, fieldShape(shape, key, value));
    if (merged === undefined) delete out[key];
    else out[key] = merged;
  }
  for (const [key, order] of Object.entries(patch)) {
    if (!key.startsWith(ORDER)) continue;
    const list = key.slice(ORDER.length);
    if (!Array.isArray(order)) throw new PatchFormatError(`invalid patch: ${key} must be a list`);
    if (Array.isArray(out[list])) {
      out[list] = reorder(out[list] as unknown[], order, fieldShape(shape, list, out[list]));
    }
  }
  const retain = patch.$retainKeys;
  if (retain !== undefined) {
    if (!Array.isArray(retain)) throw new PatchFormatError('invalid patch: $retainKeys must be a list of field names');
    for (const key of Object.keys(out)) if (!retain.includes(key)) delete out[key];
  }
  return out;
}

function mergeValue(original: unknown, patch: unknown, shape: Shape): unknown {
  if (isObject(patch)) {
    return mergeMap(isObject(original) ? original : {}, patch, shape.type === 'scalar' ? deduced(patch) : shape);
  }
  if (!Array.isArray(patch)) return patch;
  if (shape.type !== 'list' || !shape.merge) return clean(patch);
  if (patch.some((item) => isObject(item) && item.$patch === 'replace')) return clean(patch);
  const current = Array.isArray(original) ? original : [];
  if (shape.mergeKey) return mergeByKey(current, patch, shape);
  return [...current, ...patch.filter((v) => !current.includes(v))];
}

function keyOf(item: unknown, key: string): unknown {
  if (!isObject(item) || item[key] === undefined) {
    throw new PatchFormatError(`map: ${JSON.stringify(item)} does not contain declared merge key: ${key}`);
  }
  return item[key];
}

function mergeByKey(original: unknown[], patch: unknown[], shape: ListShape): unknown[] {
  const key = shape.mergeKey!;
  const out = [...original];
  for (const item of patch) {
    const value = keyOf(item, key);
    const at = out.findIndex((candidate) => isObject(candidate) && candidate[key] === value);
    if ((item as Record<string, unknown>).$patch === 'delete') {
      if (at >= 0) out.splice(at, 1);
      continue;
    }
    const base = at >= 0 ? (out[at] as Record<string, unknown>) : {};
    const merged = mergeMap(base, item as Record<string, unknown>, shape.elem);
    if (at >= 0) out[at] = merged;
    else out.push(merged);
  }
  return out.filter((item) => item !== undefined);
}

/** `$setElementOrder`: the listed items in that order, the others after them as they were. */
function reorder(list: unknown[], order: unknown[], shape: Shape): unknown[] {
  const key = shape.type === 'list' ? shape.mergeKey : undefined;
  const identify = (item: unknown) => JSON.stringify(key ? keyOf(item, key) : item);
  const rank = new Map(order.map((item, index) => [identify(item), index]));
  const ranked = (item: unknown) => rank.get(identify(item)) ?? order.length;
  return list
    .map((item, index) => ({ item, index }))
    .sort((a, b) => ranked(a.item) - ranked(b.item) || a.index - b.index)
    .map(({ item }) => item);
}
