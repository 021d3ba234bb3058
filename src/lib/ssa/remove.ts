// Taking fields out of an object (structured-merge-diff's RemoveItems): a member of the set goes
// with everything under it; an object or list that is left empty goes too (it would be null).
import { itemElement } from './items.js';
import { type Path, fieldElement } from './path.js';
import { FieldSet } from './set.js';
import { type Shape, deduced, fieldShape, isObject } from './shape.js';

export function removeItems(value: unknown, set: FieldSet, shape: Shape, path: Path = []): unknown {
  if (shape.type === 'list' && Array.isArray(value)) {
    if (shape.list === 'atomic') return value;
    const out: unknown[] = [];
    for (const item of value) {
      const element = itemElement(shape, item, path);
      if (set.members.has(element)) continue;
      const below = set.child(element);
      out.push(below ? removeItems(item, below, shape.elem, [...path, element]) : item);
    }
    return out.length > 0 ? out : undefined;
  }
  if (!isObject(value) || shape.type === 'scalar' || shape.type === 'list' || shape.atomic) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const element = fieldElement(key);
    if (set.members.has(element)) continue;
    const below = set.child(element);
    const kept = below ? removeItems(child, below, fieldShape(shape, key, child), [...path, element]) : child;
    if (kept !== undefined) out[key] = kept;
  }
  return Object.keys(out).length > 0 || path.length === 0 ? out : undefined;
}

/** The set with every struct field that has members below it as a member too. */
export function ensureNamedFieldsAreMembers(set: FieldSet, shape: Shape): FieldSet {
  const out = set.union(new FieldSet());
  for (const [element, child] of set.children) {
    if (element.startsWith('f:') && shape.type === 'struct') out.members.add(element);
    out.children.set(element, ensureNamedFieldsAreMembers(child, childShape(shape, element, child)));
  }
  return out;
}

/** A child's shape from the schema, or for an undeclared field from what the set holds below it. */
function childShape(shape: Shape, element: string, below: FieldSet): Shape {
  if (!element.startsWith('f:')) return shape.type === 'list' ? shape.elem : shape;
  const key = element.slice(2);
  if (shape.type === 'map') return shape.elem;
  if (shape.type === 'struct' && shape.fields[key]) return shape.fields[key];
  const fields = [...below.members, ...below.children.keys()].some((e) => e.startsWith('f:'));
  return deduced(fields ? {} : []);
}
