// RFC 6901 JSON pointers over plain JSON values, for the fields the agent retains downstream.
const unescape = (token: string): string => token.replace(/~1/g, '/').replace(/~0/g, '~');

/** "/spec/ports/0/nodePort" → ["spec", "ports", "0", "nodePort"]; "" is the whole document. */
export const pointerTokens = (pointer: string): string[] =>
  (pointer === '' ? [] : pointer.slice(1).split('/').map(unescape));

const child = (value: unknown, token: string): unknown => {
  if (Array.isArray(value)) return /^(0|[1-9][0-9]*)$/.test(token) ? value[Number(token)] : undefined;
  if (value && typeof value === 'object') {
    return Object.prototype.hasOwnProperty.call(value, token) ? (value as Record<string, unknown>)[token] : undefined;
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
      const index = /^(0|[1-9][0-9]*)$/.test(token) ? Number(token) : -1;
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
