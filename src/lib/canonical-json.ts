// JSON with object keys sorted at every depth: equal values give equal text, whatever the key
// order they were built or parsed with (annotations, hashes of manifests). Written out by a
// loop over what is still to write rather than by recursion, so no nesting exhausts the stack;
// otherwise the text is JSON.stringify's of the value with its keys sorted.
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A piece of text to write as it is, or a value to write out as JSON. */
type Piece = { text: string } | { value: unknown };

/** What JSON.stringify leaves out of an object and writes as null in an array. */
const omitted = (value: unknown): boolean =>
  value === undefined || typeof value === 'function' || typeof value === 'symbol';

/** A key JavaScript objects list first, in numeric order ("2" before "10" before "a"). */
const isIndex = (key: string): boolean => /^(?:0|[1-9][0-9]*)$/.test(key) && Number(key) < 4294967295;

/**
 * Sorted keys in the order a sorted object lists them: its array-index keys first, by number,
 * then the others by code unit. The text (and the hashes of it) stays what it always was.
 */
const byObjectOrder = (a: string, b: string): number => {
  const aIndex = isIndex(a);
  const bIndex = isIndex(b);
  if (aIndex || bIndex) return aIndex && bIndex ? Number(a) - Number(b) : aIndex ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
};

export function canonicalJson(value: unknown): string {
  if (omitted(value)) return JSON.stringify(value);
  let out = '';
  const pending: Piece[] = [{ value }];
  while (pending.length > 0) {
    const piece = pending.pop()!;
    if ('text' in piece) {
      out += piece.text;
      continue;
    }
    const current = piece.value;
    // Pieces are taken from the end: each container's are pushed in reverse.
    if (Array.isArray(current)) {
      pending.push({ text: ']' });
      for (let i = current.length - 1; i >= 0; i--) {
        pending.push(omitted(current[i]) ? { text: 'null' } : { value: current[i] });
        if (i > 0) pending.push({ text: ',' });
      }
      out += '[';
    } else if (isPlainObject(current)) {
      const keys = Object.keys(current)
        .filter((key) => !omitted(current[key]))
        .sort(byObjectOrder);
      pending.push({ text: '}' });
      for (let i = keys.length - 1; i >= 0; i--) {
        pending.push({ value: current[keys[i]!] }, { text: `${i > 0 ? ',' : ''}${JSON.stringify(keys[i])}:` });
      }
      out += '{';
    } else {
      out += JSON.stringify(current);
    }
  }
  return out;
}
