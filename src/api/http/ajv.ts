// The two JSON-schema validators of the API. Bodies are strict (no type coercion, so "true"
// is not a boolean) and list every bad field; query strings and path params are coerced,
// because everything in a URL arrives as a string.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import type { TSchema } from 'typebox';
import type { Cause } from '../../lib/validation.js';

// ajv-formats ships CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

// verbose: errors carry the schema, so a pattern's description can explain it (see below).
const bodyAjv = addFormats(
  new Ajv({
    allErrors: true,
    verbose: true,
    useDefaults: true,
    removeAdditional: true,
    coerceTypes: false,
    strict: false,
  }),
);
// verbose here too: a refused query parameter is named with its value and description.
const urlAjv = addFormats(
  new Ajv({
    allErrors: false,
    verbose: true,
    useDefaults: true,
    removeAdditional: true,
    coerceTypes: 'array',
    strict: false,
  }),
);

const compiled = new WeakMap<TSchema, ValidateFunction>();

export const validatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) =>
  httpPart === 'body' ? bodyValidator(schema) : urlAjv.compile(schema);

/** The body validator of a schema, compiled once: what a route with that body schema runs. */
export function bodyValidator(schema: TSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = bodyAjv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/**
 * Compiles these schemas' body validators ahead of their first request, one to an event-loop
 * turn: a kind's first create compiles its schema, which for a workload (a pod template) holds
 * the event loop for a few hundred milliseconds, and a fleet's heartbeats and feeds with it.
 * Stops early when `stopped()` says so (the server closing).
 */
export async function warmBodyValidators(schemas: readonly TSchema[], stopped: () => boolean): Promise<number> {
  let count = 0;
  for (const schema of schemas) {
    await new Promise((resolve) => setImmediate(resolve));
    if (stopped()) break;
    if (compiled.has(schema)) continue;
    bodyValidator(schema);
    count++;
  }
  return count;
}

/** Why a schema does not compile (a CustomResourceDefinition's), or undefined when it does. */
export function compileProblem(schema: object): string | undefined {
  try {
    bodyValidator(schema as TSchema);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Validates (and defaults) a whole object against its schema; returns one cause per bad field. */
export function schemaCauses(schema: TSchema, value: unknown): Cause[] {
  const validate = bodyValidator(schema);
  return validate(value) ? [] : causesFromAjv(validate.errors ?? []);
}

/** "/spec/replicas" becomes "spec.replicas", "/items/0" becomes "items[0]", as Kubernetes names fields. */
export function fieldPath(instancePath: string, missingProperty?: string): string {
  const parts = instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (missingProperty) parts.push(missingProperty);
  return parts.reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

export function causesFromAjv(errors: ErrorObject[]): Cause[] {
  return errors.map((error) => {
    const missing = error.keyword === 'required' ? String(error.params.missingProperty) : undefined;
    return {
      reason: missing
        ? 'FieldValueRequired'
        : error.keyword === 'enum' || error.keyword === 'const'
          ? 'FieldValueNotSupported'
          : 'FieldValueInvalid',
      field: fieldPath(error.instancePath, missing) || '<body>',
      message: missing ? 'Required value' : `Invalid value: ${explained(error)}`,
    };
  });
}

/** A regular expression means little to a client: a pattern's description says what it wants. */
function explained(error: ErrorObject): string {
  const description = (error.parentSchema as { description?: string } | undefined)?.description;
  if (error.keyword === 'pattern' && description) return `${JSON.stringify(error.data)}: must be ${description}`;
  return error.message ?? 'does not match the schema';
}
