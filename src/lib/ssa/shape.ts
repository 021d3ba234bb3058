// What structured merge needs to know of a type, read from its JSON schema (the TypeBox schemas
// of src/schemas, with the Kubernetes OpenAPI extensions): objects with declared fields
// (structs), string-keyed maps, and lists that are atomic (the default, as for CRDs), sets of
// primitives, or maps keyed by some of their items' fields. A field a schema does not declare
// (kept as given) is typed by its value: objects are structs, lists atomic.
export type Shape =
  | { type: 'scalar' }
  | { type: 'struct'; fields: Record<string, Shape>; atomic: boolean; retainKeys: boolean }
  | { type: 'map'; elem: Shape; atomic: boolean }
  | { type: 'list'; list: 'atomic' | 'set' | 'map'; keys: string[]; elem: Shape; mergeKey?: string; merge: boolean };

export type ListShape = Extract<Shape, { type: 'list' }>;

type Schema = Record<string, unknown>;

export const SCALAR: Shape = { type: 'scalar' };
const DEDUCED_STRUCT: Shape = { type: 'struct', fields: {}, atomic: false, retainKeys: false };
const DEDUCED_LIST: Shape = { type: 'list', list: 'atomic', keys: [], elem: SCALAR, merge: false };

/** Key fields a client may leave out, with the value Kubernetes' schema defaults them to. */
export const KEY_DEFAULTS: Record<string, unknown> = { protocol: 'TCP' };

const shapes = new WeakMap<object, Shape>();

export function shapeOf(schema: Schema): Shape {
  const known = shapes.get(schema);
  if (known) return known;
  const shape = build(schema);
  shapes.set(schema, shape);
  return shape;
}

function build(schema: Schema): Shape {
  if (Array.isArray(schema.anyOf)) return SCALAR;
  if (schema.type === 'array') {
    const list = (schema['x-kubernetes-list-type'] as ListShape['list'] | undefined) ?? 'atomic';
    const strategy = String(schema['x-kubernetes-patch-strategy'] ?? '');
    return {
      type: 'list',
      list,
      keys: (schema['x-kubernetes-list-map-keys'] as string[] | undefined) ?? [],
      elem: schema.items ? shapeOf(schema.items as Schema) : SCALAR,
      mergeKey: schema['x-kubernetes-patch-merge-key'] as string | undefined,
      merge: strategy.split(',').includes('merge'),
    };
  }
  if (schema.type !== 'object') return SCALAR;
  const atomic = schema['x-kubernetes-map-type'] === 'atomic';
  const pattern = Object.values((schema.patternProperties as Record<string, Schema> | undefined) ?? {})[0];
  if (pattern) return { type: 'map', elem: shapeOf(pattern), atomic };
  const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
  const fields = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, shapeOf(value)]));
  const retainKeys = String(schema['x-kubernetes-patch-strategy'] ?? '')
    .split(',')
    .includes('retainKeys');
  return { type: 'struct', fields, atomic, retainKeys };
}

/** The shape of a value a schema does not describe. */
export function deduced(value: unknown): Shape {
  if (Array.isArray(value)) return DEDUCED_LIST;
  if (typeof value === 'object' && value !== null) return DEDUCED_STRUCT;
  return SCALAR;
}

/** The shape of one key of an object (a struct's field, a map's value). */
export function fieldShape(parent: Shape, key: string, value: unknown): Shape {
  if (parent.type === 'map') return parent.elem;
  if (parent.type === 'struct') return parent.fields[key] ?? deduced(value);
  return deduced(value);
}

/** Whether a key of an object is a named field (of a struct) rather than a map's key. */
export const isNamedField = (parent: Shape): boolean => parent.type === 'struct';

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
