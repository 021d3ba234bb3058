// A body sent with no Content-Type is JSON, as apimachinery reads it (NegotiateInputSerializer
// falls back to the first serializer, JSON) on create, update and delete. PATCH is left alone:
// kube-apiserver answers a patch with no type 415, as the patch type is the content type.
import type { FastifyRequest } from 'fastify';

const declaresBody = (request: FastifyRequest): boolean => {
  const length = request.headers['content-length'];
  return (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
};

const JSON_BY_DEFAULT = new Set(['POST', 'PUT', 'DELETE']);

/** Before the body is parsed, as Fastify picks the parser from this header (a check of the request gate). */
export function defaultContentType(request: FastifyRequest): undefined {
  if (request.headers['content-type'] === undefined && JSON_BY_DEFAULT.has(request.method) && declaresBody(request)) {
    request.headers['content-type'] = 'application/json';
  }
  return undefined;
}
