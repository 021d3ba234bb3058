// What JSON from outside may hold. PostgreSQL's jsonb refuses a NUL character and an unpaired
// UTF-16 surrogate in any string or key, so a stored object holding one could never be read
// back as jsonb (the PostgreSQL store compares uids that way) and every later write to it
// would fail; SQLite would take it, and both stores must answer alike. Deep nesting costs the
// recursive code that reads objects (JSON.stringify, comparisons) its stack: Kubernetes caps
// decoding depth, and no real manifest nests anywhere near MAX_BODY_DEPTH levels.
// Every check here is a loop, never a recursion, whatever the input.

/** How deep a request body may nest: `{}` is one level, `{"a":[]}` two. */
export const MAX_BODY_DEPTH = 100;

/** How deep a stored object may nest: a body's depth plus the few levels the server wraps around a report. */
export const MAX_STORED_DEPTH = 128;

/** The first flaw found, with the Kubernetes-style path of its field ('' for the whole value). */
export interface JsonFlaw {
  field: string;
  message: string;
}

export interface GuardOptions {
  maxDepth: number;
  /** Refuse numbers JSON.parse turned into Infinity (1e400), which JSON.stringify would store as null. */
  finiteNumbers?: boolean;
  /** An object or array already found sound at this depth, left unwalked. */
  known?: (value: object, depth: number) => boolean;
}

// With the u flag a surrogate pair is one code point, so the class matches unpaired halves only.
const FORBIDDEN = /[\0\ud800-\udfff]/u;
const SIMPLE_KEY = /^[A-Za-z0-9_-]+$/;
const MAX_KEY_SHOWN = 64;
const MAX_FIELD_SHOWN = 256;

/** Where `text` opens a bracket deeper than `maxDepth`, or -1: a scan, so nothing deep is ever parsed. */
export function excessNesting(text: string, maxDepth: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return i;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return -1;
}

/** Why a string (a value, or a key) cannot be kept, or undefined when it can. */
export function stringFlaw(text: string, what: 'value' | 'key' = 'value'): string | undefined {
  const found = FORBIDDEN.exec(text);
  if (!found) return undefined;
  const held =
    found[0] === '\0'
      ? 'the NUL character (\\u0000)'
      : `an unpaired UTF-16 surrogate (\\u${found[0].charCodeAt(0).toString(16)})`;
  return `Invalid ${what}: must not contain ${held}`;
}

interface Frame {
  value: object;
  depth: number;
  parent: Frame | undefined;
  key: string | number | undefined;
}

/** Checks one value at a place; a container is kept to be walked later. */
type Visit = (value: unknown, depth: number, parent?: Frame, key?: string | number) => JsonFlaw | undefined;

/** The first flaw of a JSON value: a string or key no store can keep, too deep a nesting. */
export function jsonFlaw(root: unknown, options: GuardOptions): JsonFlaw | undefined {
  const pending: Frame[] = [];
  const visit: Visit = (value, depth, parent, key) => {
    let message: string | undefined;
    if (typeof value === 'string') message = stringFlaw(value);
    else if (typeof value === 'number') {
      if (options.finiteNumbers && !Number.isFinite(value)) message = OUT_OF_RANGE;
    } else if (typeof value === 'object' && value !== null) {
      if (depth > options.maxDepth) message = `Invalid value: nests deeper than ${options.maxDepth} levels`;
      else if (!options.known?.(value, depth)) pending.push({ value, depth, parent, key });
    }
    return message === undefined ? undefined : { field: pathOf(parent, key), message };
  };
  let flaw = visit(root, 1);
  while (!flaw && pending.length > 0) flaw = membersFlaw(pending.pop()!, visit);
  return flaw;
}

const OUT_OF_RANGE = 'Invalid value: the number is out of range';

function membersFlaw(frame: Frame, visit: Visit): JsonFlaw | undefined {
  const depth = frame.depth + 1;
  if (Array.isArray(frame.value)) {
    for (let i = 0; i < frame.value.length; i++) {
      const flaw = visit(frame.value[i], depth, frame, i);
      if (flaw) return flaw;
    }
    return undefined;
  }
  const object = frame.value as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    const message = stringFlaw(key, 'key');
    const flaw = message === undefined ? visit(object[key], depth, frame, key) : { field: pathOf(frame, key), message };
    if (flaw) return flaw;
  }
  return undefined;
}

/** `spec.template.metadata.labels["a b"]`, `items[0]`: as Kubernetes names fields; odd keys quoted, long ones cut. */
function pathOf(parent: Frame | undefined, key: string | number | undefined): string {
  const parts: string[] = [];
  let length = 0;
  for (let frame = parent, part = key; part !== undefined; part = frame?.key, frame = frame?.parent) {
    const text = typeof part === 'number' ? `[${part}]` : keyPart(part);
    // Only the innermost parts of a deep path are shown: no need to walk the rest of it.
    if (length + text.length > MAX_FIELD_SHOWN) return `…${parts.reverse().join('')}`;
    parts.push(text);
    length += text.length;
  }
  return parts.reverse().join('').replace(/^\./, '');
}

function keyPart(key: string): string {
  const shown = key.length > MAX_KEY_SHOWN ? `${key.slice(0, MAX_KEY_SHOWN)}…` : key;
  return SIMPLE_KEY.test(key) ? `.${shown}` : `[${JSON.stringify(shown)}]`;
}
