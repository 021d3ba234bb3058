// JSON pointers (RFC 6901) and the three JSON Patch operations (RFC 6902) an Override uses:
// replace and remove need the target to exist, add needs its parent (and inserts into an array,
// "-" appending). Errors say which step of the pointer failed, for admission to name it.
// Also the lenient read and copy-on-write of the fields the agent retains downstream.
import type { OverrideChange } from '../schemas/override.js';

export type PointerOp = NonNullable<OverrideChange['op']>;

export class PointerError extends Error {
  override name = 'PointerError';
}

const INDEX = /^(0|[1-9][0-9]*)$/;

/** The reference tokens of a pointer; a malformed one ("a/b", "/~2") throws. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) {
    throw new PointerError(`${JSON.stringify(pointer)} is not a JSON pointer: it must start with "/"`);
  }
  return pointer
    .slice(1)
    .split('/')
    .map((token) => {
      if (/~[^01]|~$/.test(token)) {
        throw new PointerError(`${JSON.stringify(pointer)} is not a JSON pointer: "~" must be followed by 0 or 1`);
      }
      return unescapeToken(token);
    });
}

const unescapeToken = (token: string): string => token.replaceAll('~1', '/').replaceAll('~0', '~');

/** "/spec/ports/0/nodePort" → ["spec", "ports", "0", "nodePort"]; "" is the whole document; never throws. */
const pointerTokens = (pointer: string): string[] =>
  pointer === '' ? [] : pointer.slice(1).split('/').map(unescapeToken);

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const shown = (tokens: readonly string[], end: number): string =>
  `/${tokens
    .slice(0, end)
    .map((t) => t.replaceAll('~', '~0').replaceAll('/', '~1'))
    .join('/')}`;

/** The container the last token names a member of; it must exist. */
function parentOf(doc: unknown, tokens: readonly string[]): unknown {
  let at = doc;
  for (let i = 0; i < tokens.length - 1; i++) {
    const token = tokens[i]!;
    const next = Array.isArray(at) && INDEX.test(token) ? at[Number(token)] : isObject(at) ? at[token] : undefined;
    if (next === undefined) throw new PointerError(`${shown(tokens, i + 1)} does not exist`);
    at = next;
  }
  return at;
}

/**
 * Applies one operation to `doc` in place (give it a copy). The root itself is never a
 * target: an Override changes parts of an object, never the whole of it.
 */
export function applyOperation(doc: unknown, op: PointerOp, tokens: readonly string[], value?: unknown): void {
  if (tokens.length === 0) throw new PointerError('the whole object cannot be replaced, added or removed');
  const parent = parentOf(doc, tokens);
  const last = tokens[tokens.length - 1]!;
  const path = shown(tokens, tokens.length);
  if (Array.isArray(parent)) {
    const append = op === 'add' && last === '-';
    if (!append && !INDEX.test(last)) throw new PointerError(`${path}: "${last}" is not an index of the array`);
    const index = append ? parent.length : Number(last);
    if (index > parent.length || (op !== 'add' && index >= parent.length)) {
      throw new PointerError(`${path}: index ${index} is out of range (the array has ${parent.length} items)`);
    }
    if (op === 'add') parent.splice(index, 0, structuredClone(value));
    else if (op === 'remove') parent.splice(index, 1);
    else parent[index] = structuredClone(value);
    return;
  }
  if (!isObject(parent)) throw new PointerError(`${shown(tokens, tokens.length - 1)} is not an object or an array`);
  if (op !== 'add' && !Object.hasOwn(parent, last)) throw new PointerError(`${path} does not exist`);
  if (op === 'remove') delete parent[last];
  else parent[last] = structuredClone(value);
}

const child = (value: unknown, token: string): unknown => {
  if (Array.isArray(value)) return INDEX.test(token) ? value[Number(token)] : undefined;
  if (value && typeof value === 'object') {
    return Object.hasOwn(value, token) ? (value as Record<string, unknown>)[token] : undefined;
  }
  return undefined;
};

export function getPointer(document: unknown, pointer: string): unknown {
  return pointerTokens(pointer).reduce<unknown>((value, token) => child(value, token), document);
}

/**
 * A copy of `document` with `value` at `pointer`; objects missing on the way are created, but an
 * array element is never invented: undefined when the path runs through an array that is too
 * short or through a scalar.
 */
export function setPointer<T>(document: T, pointer: string, value: unknown): T | undefined {
  const tokens = pointerTokens(pointer);
  const set = (node: unknown, i: number): unknown => {
    if (i === tokens.length) return structuredClone(value);
    const token = tokens[i]!;
    if (Array.isArray(node)) {
      const index = INDEX.test(token) ? Number(token) : -1;
      if (index < 0 || index >= node.length) return undefined;
      const next = set(node[index], i + 1);
      return next === undefined ? undefined : node.map((item, j) => (j === index ? next : item));
    }
    if (node !== undefined && (node === null || typeof node !== 'object')) return undefined;
    if (token === '__proto__') return undefined;
    const object = (node ?? {}) as Record<string, unknown>;
    const next = set(object[token], i + 1);
    return next === undefined ? undefined : { ...object, [token]: next };
  };
  return set(document, 0) as T | undefined;
}
