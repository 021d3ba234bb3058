// The parser of apply patches (application/apply-patch+yaml): YAML, as kubectl and client-go
// send it (often as JSON, which YAML includes), held to the same guard as JSON bodies: one
// document, a mapping, no aliases expanding beyond a few, no deeper than JSON bodies may nest.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseAllDocuments } from 'yaml';
import { MAX_BODY_DEPTH, excessNesting, jsonFlaw } from '../../lib/json-guard.js';
import { badRequest, invalidObject } from '../http/errors.js';
import { routeTarget } from '../http/error-handler.js';
import { APPLY_PATCH } from '../http/patch-media-types.js';

type Done = (error: Error | null, body?: unknown) => void;

function parseYaml(request: FastifyRequest, text: string, done: Done): void {
  if (excessNesting(text, MAX_BODY_DEPTH) >= 0) {
    return done(badRequest(`the apply patch nests deeper than ${MAX_BODY_DEPTH} levels`));
  }
  const documents = parseAllDocuments(text, { uniqueKeys: true });
  if (!Array.isArray(documents) || documents.length !== 1) {
    return done(badRequest('the apply patch must be one YAML or JSON document'));
  }
  const [document] = documents;
  if (document!.errors.length > 0) {
    return done(badRequest(`the apply patch is not valid YAML: ${document!.errors[0]!.message}`));
  }
  let body: unknown;
  try {
    body = document!.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return done(badRequest(`the apply patch is not valid YAML: ${(error as Error).message}`));
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return done(badRequest('the apply patch must be an object (apiVersion, kind, metadata, ...)'));
  }
  const flaw = jsonFlaw(body, { maxDepth: MAX_BODY_DEPTH, finiteNumbers: true });
  if (!flaw) return done(null, body);
  const cause = { reason: 'FieldValueInvalid', field: flaw.field || '<body>', message: flaw.message };
  done(invalidObject(routeTarget(request), [cause]));
}

export function installApplyPatchParser(app: FastifyInstance): void {
  app.addContentTypeParser(APPLY_PATCH, { parseAs: 'string' }, parseYaml);
}
