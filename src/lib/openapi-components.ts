// Schemas written out once in an OpenAPI document. The routes give their bodies and answers as
// schema objects, so the same object schema (a kind, its list, a pod template, Status) appears in
// every route that takes or returns it; written inline each time, the document grows with every
// kind times every verb. Each large schema found more than once moves to components.schemas,
// named after the kind it describes where it names one, and every use becomes a $ref.
import { createHash } from 'node:crypto';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Smaller schemas are cheaper inline than as a reference a reader must follow. */
const MIN_SHARED_LENGTH = 256;

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isSchema = (node: JsonObject): boolean => 'properties' in node || 'items' in node;

/** The kind a schema describes (`properties.kind` fixed to one value), if any. */
function kindOf(node: JsonObject): string | undefined {
  const kind = isObject(node.properties) ? node.properties.kind : undefined;
  if (!isObject(kind)) return undefined;
  const fixed = kind.const ?? (Array.isArray(kind.enum) && kind.enum.length === 1 ? kind.enum[0] : undefined);
  return typeof fixed === 'string' ? fixed : undefined;
}

function countSubtrees(node: Json, counts: Map<string, number>): void {
  if (Array.isArray(node)) {
    for (const item of node) countSubtrees(item, counts);
    return;
  }
  if (!isObject(node)) return;
  if (isSchema(node)) {
    const text = JSON.stringify(node);
    if (text.length >= MIN_SHARED_LENGTH) {
      const seen = counts.get(text) ?? 0;
      counts.set(text, seen + 1);
      // What is inside a repeat was counted the first time: written once, it is there once.
      if (seen > 0) return;
    }
  }
  for (const value of Object.values(node)) countSubtrees(value, counts);
}

/** The document with every large schema used twice or more written once, in components.schemas. */
export function shareSchemas<T extends object>(document: T): T {
  const doc = document as unknown as JsonObject;
  const counts = new Map<string, number>();
  countSubtrees(doc.paths ?? null, counts);
  const components = isObject(doc.components) ? doc.components : {};
  const schemas: JsonObject = isObject(components.schemas) ? { ...components.schemas } : {};
  const names = new Map<string, string>();

  const nameFor = (node: JsonObject, text: string): string => {
    const hash = createHash('sha256').update(text).digest('hex').slice(0, 8);
    const base = kindOf(node) ?? (typeof node.title === 'string' ? node.title.replace(/[^A-Za-z0-9._-]/g, '') : '');
    return base && !(base in schemas) ? base : `${base || 'Schema'}.${hash}`;
  };

  const rewrite = (node: Json, top: boolean): Json => {
    if (Array.isArray(node)) return node.map((item) => rewrite(item, false));
    if (!isObject(node)) return node;
    if (!top && isSchema(node)) {
      const text = JSON.stringify(node);
      if ((counts.get(text) ?? 0) > 1) {
        let name = names.get(text);
        if (!name) {
          name = nameFor(node, text);
          names.set(text, name);
          schemas[name] = {};
          schemas[name] = rewrite(node, true);
        }
        return { $ref: `#/components/schemas/${name}` };
      }
    }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, rewrite(value, false)]));
  };

  const paths = rewrite(doc.paths ?? {}, false);
  return { ...doc, paths, components: { ...components, schemas } } as unknown as T;
}
