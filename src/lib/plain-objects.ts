// Objects made from others, for the kinds made by the thousand (a status and an entry per target).
// On Node 20 (V8 11.3) they got a hidden class of their own, every time, when made with a spread
// that adds a property (`{ ...entry, reason }`), and, in a process as large as the server, even
// when stored key by key into a `{}`, whose class every literal of the process shares: 10,000
// entries were 10,000 classes, and every later pass over them took V8's slow path (about 20
// times slower: npm run bench:classes; test/api/object-shapes.test.ts). Objects made here start
// from a class of their own and share the classes their keys lead to. Keys keep the order a
// spread gives them: a later part's value in an earlier part's place.

type Part = object | undefined;

// Made by `new`, such objects start from a hidden class of their own rather than the one every
// `{}` of the process starts from; their prototype is Object's, as a literal's is.
function Plain(): void {}
Plain.prototype = Object.prototype;
const plain = (): Record<string, unknown> => new (Plain as unknown as new () => Record<string, unknown>)();

function copyInto(out: Record<string, unknown>, part: object, skip?: readonly PropertyKey[]): void {
  for (const key of Object.keys(part)) {
    if (skip?.includes(key)) continue;
    const value = (part as Record<string, unknown>)[key];
    // An own `__proto__` (JSON.parse makes one) stays a plain key, as a spread keeps it.
    if (key === '__proto__')
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    else out[key] = value;
  }
}

/** `{ ...object }` without `keys`, then the parts over it (undefined parts give nothing). */
export function without<T extends object, K extends keyof T>(
  object: T,
  keys: readonly K[],
  ...parts: readonly Part[]
): T {
  const out = plain();
  copyInto(out, object, keys);
  for (const part of parts) if (part) copyInto(out, part);
  return out as T;
}

/** `{ ...a, ...b, ... }`, made as a fleet's objects should be. */
export const merged = <T>(...parts: readonly Part[]): T => without({}, [], ...parts) as T;
