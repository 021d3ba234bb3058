// How the app speaks HTTP: strict JSON bodies (and every patch type), schema validation with the
// API's own validators, responses sent as they are, a request id on every answer, and every
// failure as a Kubernetes Status.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { validatorCompiler } from '../api/http/ajv.js';
import { defaultContentType } from '../api/http/default-content-type.js';
import { installErrorHandlers } from '../api/http/error-handler.js';
import { installJsonParsers } from '../api/http/json-body.js';
import { queryCheck } from '../api/http/query-parameters.js';
import { RequestGate } from '../api/http/request-gate.js';
import { installApplyPatchParser } from '../api/patch/patch-body.js';
import { installProtobufParser } from '../api/protobuf/protobuf-body.js';
import { JSON_PATCH_TYPES } from '../api/http/patch-media-types.js';

async function http(app: FastifyInstance): Promise<void> {
  app.setValidatorCompiler(validatorCompiler);
  // Plain JSON.stringify: response schemas document the API but must never drop fields.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  // Every body is JSON; Fastify's built-in text/plain parser would turn a wrong type into a 400.
  app.removeContentTypeParser('text/plain');
  // One guard for every body: depth, NUL characters, lone surrogates (see lib/json-guard.ts).
  installJsonParsers(app, ['application/json', ...JSON_PATCH_TYPES]);
  installApplyPatchParser(app);
  // kubectl's protobuf bodies, read by the routes that take them (their config says how).
  installProtobufParser(app);
  // One hook before every route, which also sets the request id on every answer.
  new RequestGate().install(app);
  app.requestGate.add(defaultContentType);
  installErrorHandlers(app);
  // A query parameter a route does not implement is refused, never ignored.
  app.requestGate.add(queryCheck);
}

export default fp(http, { name: 'http' });
