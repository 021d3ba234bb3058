// The fields of a value that its TypeBox schema does not describe: a key that is not among an
// object schema's properties, where the schema takes no other keys (no additionalProperties,
// no patternProperties, as a record has). They are what Kubernetes calls unknown fields, and
// what it prunes: here they are removed in place and their paths answered. The walk follows the
// schema, so it goes no deeper than the schema does, however deep the value.
import type { TSchema } from 'typebox';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const child = (path: string, key: string): string => (path ? `${path}.${key}` : key);

function walk(schema: Json, value: unknown, path: string, found: string[], skip: string[]): void {
  if (Array.isArray(value)) {
    if (isObject(schema.items))
      for (const [i, item] of value.entries()) walk(schema.items as Json, item, `${path}[${i}]`, found, skip);
    return;
  }
  // A union of objects would need the member the value matches; tmc's schemas have none, and
  // a union of literals has no fields.
  if (!isObject(value) || schema.type !== 'object') return;
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const pattern = Object.values((schema.patternProperties ?? {}) as Record<string, Json>)[0];
  const additional = schema.additionalProperties;
  for (const key of Object.keys(value)) {
    const field = child(path, key);
    if (path === '' && skip.includes(key)) continue;
    const known = Object.hasOwn(properties, key)
      ? properties[key]
      : (pattern ?? (isObject(additional) ? additional : undefined));
    if (known) walk(known, value[key], field, found, skip);
    else if (additional !== true) {
      found.push(field);
      delete value[key];
    }
  }
}

/** Removes the unknown fields of `value` and answers their paths ("spec.foo", "items[0].bar"). */
export function pruneUnknownFields(schema: TSchema, value: unknown, skip: string[] = []): string[] {
  const found: string[] = [];
  walk(schema as unknown as Json, value, '', found, skip);
  return found;
}
