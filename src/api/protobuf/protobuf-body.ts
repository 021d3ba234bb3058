// The one parser of protobuf bodies: a route that takes them says how it reads them (its config's
// `protobuf`); every other route answers 415 before anything reads the body, as kube-apiserver
// does for a custom resource or a patch.
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../http/errors.js';
import { KUBE_PROTOBUF } from './kube-protobuf.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** How the route reads a protobuf body (application/vnd.kubernetes.protobuf); none: it takes JSON only. */
    protobuf?: (body: Buffer) => unknown;
  }
}

export function installProtobufParser(app: FastifyInstance): void {
  app.addContentTypeParser(KUBE_PROTOBUF, { parseAs: 'buffer' }, (request, body, done) => {
    const decode = request.routeOptions.config.protobuf;
    if (!decode) {
      const why = `the body of ${request.method} must be sent as application/json, not "${KUBE_PROTOBUF}"`;
      return done(new ApiError(415, 'UnsupportedMediaType', why), undefined);
    }
    try {
      done(null, decode(body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
