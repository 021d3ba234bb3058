// Merging an applied configuration into the live object (structured-merge-diff's typed.Merge):
// objects merge field by field, atomic values and scalars are replaced, map lists merge item by
// item under their keys and sets by value. The merged list keeps the applied order for the
// items the configuration names and puts the live-only items where they were.
import { indexItems } from './items.js';
import { type Path, type PathElement, fieldElement } from './path.js';
import { type ListShape, type Shape, fieldShape, isObject } from './shape.js';

export function merge(live: unknown, config: unknown, shape: Shape, path: Path = []): unknown {
  if (config === undefined) return live;
  if (live === undefined || live === null || config === null) return config;
  if (shape.type === 'list' && shape.list !== 'atomic' && Array.isArray(live) && Array.isArray(config)) {
    return mergeList(live, config, shape, path);
  }
  const objects = isObject(live) && isObject(config);
  if (!objects || shape.type === 'scalar' || shape.type === 'list' || shape.atomic) return config;
  const out: Record<string, unknown> = { ...live };
  for (const [key, value] of Object.entries(config)) {
    const merged = merge(live[key], value, fieldShape(shape, key, value), [...path, fieldElement(key)]);
    if (merged === null) delete out[key];
    else out[key] = merged;
  }
  return out;
}

/** structured-merge-diff's list merge, step for step: shared items in the config's order. */
function mergeList(live: unknown[], config: unknown[], shape: ListShape, path: Path): unknown[] {
  const lhs = [...indexItems(shape, live, path)];
  const rhs = [...indexItems(shape, config, path)];
  const lhsIndex = new Map(lhs);
  const rhsIndex = new Map(rhs);
  const shared = rhs.map(([element]) => element).filter((element) => lhsIndex.has(element));
  let nextShared: PathElement | undefined = shared.shift();
  const done = new Set<PathElement>();
  const out: unknown[] = [];
  const take = (element: PathElement) => {
    done.add(element);
    out.push(merge(lhsIndex.get(element), rhsIndex.get(element), shape.elem, [...path, element]));
  };
  let l = 0;
  let r = 0;
  while (l < lhs.length || r < rhs.length) {
    if (l < lhs.length && r < rhs.length) {
      const element = lhs[l]![0];
      if (element === rhs[r]![0]) {
        take(element);
        l++;
        r++;
        nextShared = shared.shift();
        continue;
      }
      if (rhsIndex.has(element) && nextShared !== undefined && nextShared !== element) {
        l++;
        continue;
      }
    }
    if (l < lhs.length) {
      const element = lhs[l]![0];
      if (!rhsIndex.has(element)) {
        out.push(lhs[l]![1]);
        l++;
        continue;
      }
      if (done.has(element)) {
        l++;
        continue;
      }
    }
    if (r < rhs.length) {
      const element = rhs[r]![0];
      take(element);
      r++;
      if (nextShared === element) nextShared = shared.shift();
    }
  }
  return out;
}
