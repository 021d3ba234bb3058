// How the items of a list are named: by their key fields (a map list), by value (a set), or not
// at all (an atomic list, which is one value). A map-list item without its keys, or two items
// with the same name, cannot be tracked: structured-merge-diff refuses such a list too.
import { type Path, type PathElement, keyElement, pathString, valueElement } from './path.js';
import { KEY_DEFAULTS, type ListShape, isObject } from './shape.js';

export class FieldError extends Error {
  constructor(
    readonly path: Path,
    message: string,
  ) {
    super(message);
  }

  get field(): string {
    return pathString(this.path).replace(/^\./, '');
  }
}

export function itemElement(shape: ListShape, item: unknown, path: Path): PathElement {
  if (shape.list === 'set') {
    if (isObject(item) || Array.isArray(item)) {
      throw new FieldError(path, 'a set may hold only strings, numbers and booleans');
    }
    return valueElement(item);
  }
  if (!isObject(item)) {
    throw new FieldError(path, `each item must be an object with the key fields ${shape.keys.join(', ')}`);
  }
  const keys: Record<string, unknown> = {};
  for (const name of shape.keys) {
    const value = item[name] ?? KEY_DEFAULTS[name];
    if (value === undefined || value === null) {
      throw new FieldError(path, `associative list with keys has an element that omits key field "${name}"`);
    }
    keys[name] = value;
  }
  return keyElement(keys);
}

/** The items of a tracked list by their path element, in order; a repeated element is refused. */
export function indexItems(shape: ListShape, list: unknown[], path: Path): Map<PathElement, unknown> {
  const out = new Map<PathElement, unknown>();
  for (const item of list) {
    const element = itemElement(shape, item, path);
    if (out.has(element)) throw new FieldError([...path, element], 'duplicate entries for key');
    out.set(element, item);
  }
  return out;
}
