// The field set of a value and the comparison of two values, as structured-merge-diff computes
// them (typed.ToFieldSet and typed.Compare): scalars and atomic values are leaves; list items
// are members with their fields below them; a struct's field is a member only when it holds
// null or an empty object, a map's key always.
import { jsonEqual } from '../merge-patch.js';
import { indexItems } from './items.js';
import { type Path, fieldElement } from './path.js';
import { FieldSet } from './set.js';
import { type Shape, fieldShape, isNamedField, isObject } from './shape.js';

const atomic = (shape: Shape): boolean =>
  shape.type === 'scalar' ||
  (shape.type === 'list' && shape.list === 'atomic') ||
  ((shape.type === 'struct' || shape.type === 'map') && shape.atomic);

export function toFieldSet(value: unknown, shape: Shape, set = new FieldSet(), path: Path = []): FieldSet {
  if (atomic(shape) || value === null || value === undefined) {
    if (path.length > 0) set.insert(path);
    return set;
  }
  if (shape.type === 'list' && Array.isArray(value)) {
    for (const [element, item] of indexItems(shape, value, path)) {
      const at = [...path, element];
      set.insert(at);
      toFieldSet(item, shape.elem, set, at);
    }
    return set;
  }
  if (!isObject(value)) {
    set.insert(path);
    return set;
  }
  for (const [key, child] of Object.entries(value)) {
    const at = [...path, fieldElement(key)];
    toFieldSet(child, fieldShape(shape, key, child), set, at);
    const emptyObject = isObject(child) && Object.keys(child).length === 0;
    if (child === null || emptyObject || !isNamedField(shape)) set.insert(at);
  }
  return set;
}

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

export function compare(lhs: unknown, rhs: unknown, shape: Shape): Comparison {
  const out = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  walkCompare(lhs, rhs, shape, [], out);
  return out;
}

function leaf(lhs: unknown, rhs: unknown, path: Path, out: Comparison): void {
  if (path.length === 0) return;
  if (lhs === undefined) out.added.insert(path);
  else if (rhs === undefined) out.removed.insert(path);
  else if (!jsonEqual(lhs, rhs)) out.modified.insert(path);
}

function walkCompare(lhs: unknown, rhs: unknown, shape: Shape, path: Path, out: Comparison): void {
  if (lhs === undefined && rhs === undefined) return;
  const bothLists = Array.isArray(lhs ?? []) && Array.isArray(rhs ?? []);
  const bothObjects = isObject(lhs ?? {}) && isObject(rhs ?? {});
  const container = (shape.type === 'list' && bothLists) || (shape.type !== 'list' && bothObjects);
  if (atomic(shape) || !container || lhs === null || rhs === null) return leaf(lhs, rhs, path, out);
  if (lhs === undefined && path.length > 0) out.added.insert(path);
  if (rhs === undefined && path.length > 0) out.removed.insert(path);
  if (shape.type === 'list') {
    const left = indexItems(shape, (lhs ?? []) as unknown[], path);
    const right = indexItems(shape, (rhs ?? []) as unknown[], path);
    for (const element of new Set([...right.keys(), ...left.keys()])) {
      const at = [...path, element];
      if (!left.has(element)) out.added.insert(at);
      else if (!right.has(element)) out.removed.insert(at);
      walkCompare(left.get(element), right.get(element), shape.elem, at, out);
    }
    return;
  }
  const left = (lhs ?? {}) as Record<string, unknown>;
  const right = (rhs ?? {}) as Record<string, unknown>;
  for (const key of new Set([...Object.keys(right), ...Object.keys(left)])) {
    const sample = right[key] ?? left[key];
    walkCompare(left[key], right[key], fieldShape(shape, key, sample), [...path, fieldElement(key)], out);
  }
}
