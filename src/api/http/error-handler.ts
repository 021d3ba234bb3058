// Turns every failure into a Kubernetes Status. Client mistakes get a 4xx that says what to
// fix; anything unexpected is a 500 that names the request id to find in the log, never internals.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MAX_NAME_LENGTH } from '../../lib/validation.js';
import { causesFromAjv } from './ajv.js';
import { StoreError } from '../../store/types.js';
import { ApiError, badRequest, invalidObject } from './errors.js';
import { invalidParameters } from './query-parameters.js';
import { fromStoreError } from './store-errors.js';
import { MethodNotAllowed, allowedMethods } from './method-not-allowed.js';

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Expired',
  413: 'RequestEntityTooLarge',
  414: 'RequestURITooLong',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  503: 'ServiceUnavailable',
};

function fromValidation(error: FastifyError, request: FastifyRequest): ApiError {
  const errors = error.validation ?? [];
  if (error.validationContext === 'querystring') return invalidParameters(errors as never);
  if (error.validationContext !== 'body') {
    return badRequest(`invalid ${error.validationContext ?? 'request'}: ${error.message}`);
  }
  if (errors.some((e) => e.instancePath === '' && e.keyword === 'type')) {
    return badRequest('the request body must be a JSON object');
  }
  const config = request.routeOptions.config;
  const name = (request.body as { metadata?: { name?: unknown } } | undefined)?.metadata?.name;
  return invalidObject(
    { kind: config.kind ?? 'object', name: typeof name === 'string' ? name : undefined },
    causesFromAjv(errors as never),
  );
}

/** The kind a route serves and the object its URL names, for an error of that route. */
export function routeTarget(request: FastifyRequest): { kind: string; name?: string } {
  const params = request.params as { name?: string; deployment?: string; object?: string } | undefined;
  return {
    kind: request.routeOptions.config.kind ?? 'object',
    name: params?.deployment ?? params?.object ?? params?.name,
  };
}

export function toApiError(error: FastifyError | Error, request: FastifyRequest): ApiError {
  if (error instanceof ApiError) return error;
  // One a route did not expect (it maps those it does): named after the route's kind and object.
  if (error instanceof StoreError) return fromStoreError(error, routeTarget(request)) as ApiError;
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) return fromValidation(fastifyError, request);
  const code = fastifyError.statusCode;
  if (code === 413)
    return new ApiError(
      413,
      'RequestEntityTooLarge',
      'the request body is too large: the limit is set by the server (--body-limit)',
    );
  if (code === 415)
    return new ApiError(
      415,
      'UnsupportedMediaType',
      `unsupported media type "${request.headers['content-type'] ?? ''}": send application/json ` +
        "(or, for PATCH, a patch type the route's OpenAPI operation lists)",
    );
  if (code !== undefined && code >= 400 && code < 500) {
    const message =
      error instanceof SyntaxError || fastifyError.code?.startsWith('FST_ERR_CTP')
        ? `the request body is not valid JSON: ${error.message}`
        : error.message;
    return new ApiError(code, REASONS[code] ?? 'BadRequest', message);
  }
  if (code === 503) return new ApiError(503, 'ServiceUnavailable', error.message);
  return new ApiError(
    500,
    'InternalError',
    `an internal error occurred; the server log has the details under request id ${request.id}`,
  );
}

/** The answer for a path or method no route serves: 405 when another method serves the path. */
export function routeNotFound(request: FastifyRequest): ApiError {
  const allowed = allowedMethods(request);
  if (allowed.length > 0) return new MethodNotAllowed(allowed);
  return new ApiError(
    404,
    'NotFound',
    `the server could not find the requested resource (${request.method} ${request.url.split('?')[0]})`,
  );
}

/** Answers a failure with its Status. */
export function sendError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const apiError = toApiError(error, request);
  if (apiError.code >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.debug({ status: apiError.code, reason: apiError.reason }, apiError.message);
  if (apiError.retryAfterSeconds !== undefined) reply.header('retry-after', String(apiError.retryAfterSeconds));
  if (apiError instanceof MethodNotAllowed) reply.header('allow', apiError.allowed.join(', '));
  return reply.code(apiError.code).type('application/json').send(apiError.toStatus());
}

/** Fastify's `frameworkErrors`: a URL the router cannot take gets a Status too. */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const tooLong = `the URL has a path segment longer than any name (names are at most ${MAX_NAME_LENGTH} characters)`;
  const apiError = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? new ApiError(414, 'BadRequest', tooLong) : undefined;
  if (apiError) void reply.code(apiError.code).type('application/json').send(apiError.toStatus());
  else sendError(error, request, reply);
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler(sendError);
  app.setNotFoundHandler((request, reply) => sendError(routeNotFound(request), request, reply));
}
