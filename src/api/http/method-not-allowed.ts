// A method a served path does not take: kube-apiserver answers 405 MethodNotAllowed (a DELETE on a
// collection of a kind without deletecollection, a PUT on a collection, a POST on one object),
// where a path nothing serves is 404. The parametric routes of custom resources and discovery
// match any group, served or not, so a path they alone match stays 404: no route knows whether
// that group exists.
import type { FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export class MethodNotAllowed extends ApiError {
  constructor(
    /** The methods the path takes: sent as the Allow header. */
    readonly allowed: readonly string[],
  ) {
    super(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  }
}

/** The methods another route takes on the request's API path (none outside /api and /apis). */
export function allowedMethods(request: FastifyRequest): string[] {
  const url = request.url.split('?')[0]!;
  if (!url.startsWith('/api/') && !url.startsWith('/apis/')) return [];
  return METHODS.filter((method) => {
    const route = request.server.findRoute({ method, url });
    return route !== null && !Object.hasOwn(route.params as object, 'group');
  });
}
