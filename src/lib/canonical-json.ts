// JSON with object keys sorted at every depth: equal values give equal text, whatever the key
// order they were built or parsed with (annotations, hashes of manifests).
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const sorted = (value: unknown): unknown =>
  Array.isArray(value) ? value.map(sorted) : isPlainObject(value) ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted(value[k])])) : value;

export const canonicalJson = (value: unknown): string => JSON.stringify(sorted(value));
