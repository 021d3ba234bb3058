// Requests that carry a body where none is taken are answered from their headers, before any of
// the body is read: a GET or HEAD, or a path no route serves. Fastify would otherwise read the
// whole body (up to --body-limit) before its 404, and hold the connection while a client
// trickles it in. The answer closes the connection (see http-server.ts), so the body is never
// waited for.
import type { FastifyRequest } from 'fastify';
import { routeNotFound } from './error-handler.js';
import { badRequest } from './errors.js';

const declaresBody = (request: FastifyRequest): boolean => {
  const length = request.headers['content-length'];
  return (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
};

/** A body where none is taken, judged by the headers (a check of the request gate). */
export function bodyGuard(request: FastifyRequest): Error | undefined {
  if (!declaresBody(request)) return undefined;
  // The not-found handler's answer, given before the body instead of after it.
  if (request.is404) return routeNotFound(request);
  const method = request.method;
  if (method === 'GET' || method === 'HEAD') return badRequest(`a ${method} request takes no body`);
  return undefined;
}
