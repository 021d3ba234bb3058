// fieldValidation, as kube-apiserver does it: fields a kind's schema does not describe, and
// keys a JSON object gives twice, are refused with Strict (400, "strict decoding error: ..."),
// dropped with a `Warning: 299 - "unknown field \"spec.foo\""` header each with Warn (the
// default), and dropped silently with Ignore. Unknown fields are found against the kind's
// TypeBox schema, the one the OpenAPI documents show (unknown-fields.ts).
import type { FastifyReply, FastifyRequest, preValidationHookHandler } from 'fastify';
import type { TSchema } from 'typebox';
import { directiveOf, duplicatesOf } from '../http/duplicate-keys.js';
import { ApiError } from '../http/errors.js';
import type { ResourceDefinition } from '../http/resource-definition.js';
import { pruneUnknownFields } from './unknown-fields.js';

/** RFC 9110's warn-text: a quoted string, with quotes and backslashes escaped. */
const warning = (text: string): string => `299 - "${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/** What Kubernetes says of each: duplicates and unknown fields, in the order of its messages. */
function problems(request: FastifyRequest, unknown: string[]): string[] {
  const twice = duplicatesOf(request).map((path) => `duplicate field "${path}"`);
  return [...twice, ...unknown.map((path) => `unknown field "${path}"`)];
}

/**
 * Drops the unknown fields of `value` (in place) and answers as the request's fieldValidation
 * asks. `prefix` is kube-apiserver's: create and update say which kind could not be decoded.
 */
export function validateFields(
  request: FastifyRequest,
  reply: FastifyReply,
  schema: TSchema,
  value: unknown,
  options: { prefix?: string; skip?: string[] } = {},
): void {
  const unknown = pruneUnknownFields(schema, value, options.skip ?? []);
  const directive = directiveOf(request);
  if (directive === 'Ignore') return;
  const found = problems(request, unknown);
  if (found.length === 0) return;
  if (directive === 'Strict') {
    const causes = found.map((message) => ({
      reason: message.startsWith('duplicate') ? 'FieldValueDuplicate' : 'FieldValueNotSupported',
      field: /"(.*)"$/.exec(message)![1]!,
      message,
    }));
    throw new ApiError(400, 'BadRequest', `${options.prefix ?? ''}strict decoding error: ${found.join(', ')}`, {
      causes,
    });
  }
  reply.header('warning', found.map(warning));
}

/** kube-apiserver's prefix on create and update: `X in version "v1" cannot be handled as a X: `. */
export const decodePrefix = (def: ResourceDefinition): string =>
  `${def.kind} in version "${def.version}" cannot be handled as a ${def.kind}: `;

/**
 * A preValidation hook for POST and PUT of an object: runs before the body schema drops the
 * unknown fields, so they can be named. The main resource ignores status (kept by the server;
 * its subresource writes it), so fields there are not checked.
 */
export const fieldValidationHook =
  (def: ResourceDefinition, schema: TSchema, skip: string[] = ['status']): preValidationHookHandler =>
  (request, reply, done) => {
    try {
      validateFields(request, reply, schema, request.body, { prefix: decodePrefix(def), skip });
      done();
    } catch (error) {
      done(error as Error);
    }
  };
