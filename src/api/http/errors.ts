// ApiError carries a Kubernetes Status; every non-2xx answer the server gives is one of these.
import type { Status } from '../../schemas/meta.js';
import type { Cause } from '../../lib/validation.js';

export interface ErrorTarget {
  kind?: string;
  group?: string;
  name?: string;
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: Status['details'],
    /** Sent as Retry-After with the Status. */
    readonly retryAfterSeconds?: number,
  ) {
    // A 4xx answers the client and is never logged with its stack (sendError), and capturing one
    // costs more than the rest of a refusal (tens of µs under Fastify's hooks): a flood of bad
    // tokens is nothing but refusals. A 5xx keeps its stack for the log.
    const limit = Error.stackTraceLimit;
    if (code < 500) Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }

  toStatus(): Status {
    return {
      apiVersion: 'v1',
      kind: 'Status',
      status: 'Failure',
      code: this.code,
      reason: this.reason,
      message: this.message,
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

const describe = (target: ErrorTarget): string => (target.group ? `${target.kind}.${target.group}` : `${target.kind}`);

export const badRequest = (message: string): ApiError => new ApiError(400, 'BadRequest', message);

export const unauthorized = (message = 'Unauthorized: send a valid "Authorization: Bearer <token>" header'): ApiError =>
  new ApiError(401, 'Unauthorized', message);

export const forbidden = (message: string): ApiError => new ApiError(403, 'Forbidden', message);

export const notFound = (target: ErrorTarget): ApiError =>
  new ApiError(404, 'NotFound', `${describe(target)} "${target.name}" not found`, {
    name: target.name,
    group: target.group,
    kind: target.kind,
  });

export const alreadyExists = (target: ErrorTarget): ApiError =>
  new ApiError(409, 'AlreadyExists', `${describe(target)} "${target.name}" already exists`, {
    name: target.name,
    group: target.group,
    kind: target.kind,
  });

export const conflict = (target: ErrorTarget, why: string): ApiError =>
  new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${describe(target)} "${target.name}": ${why}`, {
    name: target.name,
    group: target.group,
    kind: target.kind,
  });

export const invalidObject = (target: ErrorTarget, causes: Cause[]): ApiError =>
  new ApiError(
    422,
    'Invalid',
    `${target.kind} "${target.name ?? ''}" is invalid: ${causes.map((c) => `${c.field}: ${c.message}`).join(', ')}`,
    { name: target.name, group: target.group, kind: target.kind, causes },
  );

export const gone = (message: string): ApiError => new ApiError(410, 'Expired', message);

export const tooManyRequests = (message: string, retryAfterSeconds: number): ApiError =>
  new ApiError(429, 'TooManyRequests', message, { retryAfterSeconds }, retryAfterSeconds);

export const serviceUnavailable = (message: string): ApiError => new ApiError(503, 'ServiceUnavailable', message);
