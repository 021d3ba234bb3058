// Requests that carry a body where none is taken are answered from their headers, before any of
// the body is read: a GET or HEAD, or a path no route serves. Fastify would otherwise read the
// whole body (up to --body-limit) before its 404, and hold the connection while a client
// trickles it in. The answer closes the connection (see http-server.ts), so the body is never
// waited for.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { routeNotFound } from './error-handler.js';
import { badRequest } from './errors.js';

const declaresBody = (request: FastifyRequest): boolean => {
  const length = request.headers['content-length'];
  return (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
};

export function installBodyGuard(app: FastifyInstance): void {
  // Callback style: this runs on every request.
  app.addHook('onRequest', (request, _reply, done) => {
    if (!declaresBody(request)) return done();
    // The not-found handler's answer, given before the body instead of after it.
    if (request.is404) return done(routeNotFound(request));
    const method = request.method;
    if (method === 'GET' || method === 'HEAD') return done(badRequest(`a ${method} request takes no body`));
    done();
  });
}
