// Query parameters: a route takes exactly those its querystring schema lists, and refuses any
// other with a 400 that names it. Ignoring one would mislead: `?dryRun=All` would really write,
// `?fieldSelector=` would return every item, `?fieldValidation=Strict` would drop unknown fields.
// Kubernetes clients send such parameters; each route's schema decides which it implements.
import type { ErrorObject } from 'ajv';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Cause } from '../../lib/validation.js';
import { ApiError } from './errors.js';

// Kubernetes' rule for a field manager's name (apimachinery ValidateFieldManager).
const FIELD_MANAGER = '^[\\x20-\\x7e]{0,128}$';

const dryRun = Type.Optional(
  Type.Enum(['All', ''], {
    type: 'string',
    description: 'All: validate and answer what would be stored, without writing; empty: carry the request out',
  }),
);

/** The parameters of POST, PUT and PATCH. */
export const WriteQuery = Type.Object({
  dryRun,
  fieldManager: Type.Optional(
    Type.String({
      pattern: FIELD_MANAGER,
      description:
        'at most 128 printable characters: the manager metadata.managedFields records for this write ' +
        '(default: the User-Agent up to its first "/"); required for server-side apply',
    }),
  ),
  fieldValidation: Type.Optional(
    Type.Enum(['Strict', 'Warn', 'Ignore'], {
      type: 'string',
      description:
        'fields the schema does not know: Strict refuses them (400), Warn (the default) drops them with a ' +
        'Warning header each, Ignore drops them silently',
    }),
  ),
});

/** The DeleteOptions a DELETE also takes in its query (delete-options.ts). */
export const DeleteQuery = Type.Object({
  dryRun,
  gracePeriodSeconds: Type.Optional(
    Type.Integer({
      description: 'taken, with no effect: tmc objects have no graceful deletion and go at once',
    }),
  ),
  propagationPolicy: Type.Optional(
    Type.String({
      description:
        'Background (the default; Orphan for a Job) or Foreground: the object goes at once and the garbage ' +
        'collector deletes its dependents (ownerReferences) after it, without waiting; Orphan: the dependents ' +
        'stay and lose their reference to it. The agents remove what they applied either way',
    }),
  ),
  orphanDependents: Type.Optional(
    Type.Boolean({ description: 'deprecated: use propagationPolicy; true is Orphan, false Background' }),
  ),
});

/** The names a route takes: the properties of its querystring schema (none without one). */
function acceptedParameters(request: FastifyRequest): string[] {
  const schema = request.routeOptions.schema?.querystring as { properties?: Record<string, unknown> } | undefined;
  return Object.keys(schema?.properties ?? {});
}

function unknownParameters(names: string[], accepted: string[]): ApiError {
  const takes = accepted.length > 0 ? `takes only ${accepted.join(', ')}` : 'takes no query parameters';
  const message = 'Unsupported query parameter';
  const causes = names.map((field): Cause => ({ reason: 'FieldValueNotSupported', field, message }));
  const quoted = names.map((name) => `"${name}"`).join(', ');
  return new ApiError(400, 'BadRequest', `unknown query parameter ${quoted}: this route ${takes}`, { causes });
}

/** A 400 for values the querystring schema refused, naming each parameter and what it takes. */
export function invalidParameters(errors: ErrorObject[]): ApiError {
  const causes: Cause[] = errors.map((error) => {
    const field = error.instancePath.split('/')[1] ?? '';
    // A fixed value or a pattern means little to a client: the parameter's description says what it takes.
    const description = (error.parentSchema as { description?: string } | undefined)?.description;
    const why = description && ['const', 'enum', 'pattern'].includes(error.keyword) ? description : error.message;
    return { reason: 'FieldValueInvalid', field, message: `Invalid value: ${JSON.stringify(error.data)}: ${why}` };
  });
  const message = causes.map((cause) => `query parameter ${cause.field}: ${cause.message}`).join(', ');
  return new ApiError(400, 'BadRequest', message, { causes });
}

/**
 * Taken on every route: client-go sends its request timeout (`?timeout=32s`) with every call, as
 * kube-apiserver takes it. Every answer but a long poll comes well within any such timeout, and a
 * long poll's own limit is its timeoutSeconds.
 */
const EVERY_ROUTE = new Set(['timeout']);
const GO_DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;

/**
 * Refuses parameters a route does not take, before its body is read (a check of the request
 * gate). Only this server's own routes (those with an access level) are checked; the Swagger UI
 * plugin's files are not.
 */
export function queryCheck(request: FastifyRequest): Error | undefined {
  if (!request.routeOptions.config.access) return undefined;
  const names = Object.keys(request.query as object);
  if (names.length === 0) return undefined;
  const accepted = acceptedParameters(request);
  const unknown = names.filter((name) => !accepted.includes(name) && !EVERY_ROUTE.has(name));
  if (unknown.length > 0) return unknownParameters(unknown, accepted);
  const timeout = (request.query as Record<string, unknown>).timeout;
  if (timeout !== undefined && !(typeof timeout === 'string' && GO_DURATION.test(timeout))) {
    const message = `Invalid value: ${JSON.stringify(timeout)}: a duration such as 32s or 1m30s`;
    return new ApiError(400, 'BadRequest', `query parameter timeout: ${message}`, {
      causes: [{ reason: 'FieldValueInvalid', field: 'timeout', message }],
    });
  }
  return undefined;
}
