// A CustomResourceDefinition's openAPIV3Schema made into the JSON schema tmc's validator runs, so
// a custom resource is checked, defaulted and pruned as kube-apiserver does: objects take only the
// properties they list (others are unknown fields, pruned) unless x-kubernetes-preserve-unknown-fields
// keeps them; x-kubernetes-int-or-string takes either; nullable admits null. The other
// x-kubernetes-* extensions (list types, map keys, validations in CEL) are not enforced.

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The keywords of a structural schema, as apiextensions takes them; any other is dropped. */
const KEPT = new Set([
  'type',
  'format',
  'description',
  'title',
  'default',
  'enum',
  'maximum',
  'minimum',
  'exclusiveMaximum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'multipleOf',
  'maxProperties',
  'minProperties',
  'required',
]);

// Formats kube-apiserver knows that ajv-formats does not: accepted as plain strings.
const AJV_FORMATS = new Set([
  'date',
  'time',
  'date-time',
  'duration',
  'uri',
  'uri-reference',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'uuid',
  'byte',
  'int32',
  'int64',
  'float',
  'double',
  'password',
  'binary',
  'regex',
]);

function convert(schema: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (!KEPT.has(key)) continue;
    if (key === 'format' && !AJV_FORMATS.has(String(value))) continue;
    out[key] = value;
  }
  // Draft 4's boolean exclusive bounds (OpenAPI v3.0) are numbers in the drafts ajv speaks.
  for (const [bound, flag] of [
    ['maximum', 'exclusiveMaximum'],
    ['minimum', 'exclusiveMinimum'],
  ] as const) {
    if (typeof schema[flag] !== 'boolean') continue;
    delete out[flag];
    if (schema[flag] === true) {
      out[flag] = schema[bound];
      delete out[bound];
    }
  }
  if (isObject(schema.properties)) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([name, child]) => [name, convert(isObject(child) ? child : {})]),
    );
  }
  if (isObject(schema.items)) out.items = convert(schema.items);
  if (isObject(schema.additionalProperties)) out.additionalProperties = convert(schema.additionalProperties);
  else if (schema.additionalProperties === true) out.additionalProperties = true;
  for (const combinator of ['allOf', 'anyOf', 'oneOf'] as const) {
    const members = schema[combinator];
    if (Array.isArray(members)) out[combinator] = members.filter(isObject).map(convert);
  }
  if (isObject(schema.not)) out.not = convert(schema.not);
  if (schema['x-kubernetes-preserve-unknown-fields'] === true && out.additionalProperties === undefined) {
    out.additionalProperties = true;
  }
  if (schema['x-kubernetes-int-or-string'] === true) {
    // One type list rather than anyOf: a wrong value is one cause, as kube-apiserver reports it.
    delete out.format;
    out.type = ['integer', 'string'];
  }
  if (schema.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  return out;
}

/**
 * The schema of a custom resource from its version's openAPIV3Schema: apiVersion, kind and metadata
 * are the server's (a kind's schema cannot change them), the rest is the kind's. Without a
 * schema, every field is kept (as apiextensions does for x-kubernetes-preserve-unknown-fields).
 */
export function customResourceSchema(openAPIV3Schema: object | undefined, metadata: unknown): Json {
  const root = openAPIV3Schema
    ? convert(openAPIV3Schema as Json)
    : { type: 'object', additionalProperties: true, properties: {} };
  const properties = (root.properties ?? {}) as Json;
  return {
    ...root,
    type: 'object',
    properties: { ...properties, apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata },
  };
}
