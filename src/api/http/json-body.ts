// The parser of every JSON request body (application/json, and merge patches): Fastify's own,
// which refuses prototype poisoning, behind the JSON guard (lib/json-guard.ts). Too deep a
// body is refused before it is parsed, as a decoding error (400); a string or key no store can
// keep, or a number out of range, is refused naming its field (422). Either way before any
// route sees the body, so every route and both stores answer alike.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MAX_BODY_DEPTH, excessNesting, jsonFlaw, stringFlaw } from '../../lib/json-guard.js';
import { routeTarget } from './error-handler.js';
import { type ApiError, badRequest, invalidObject } from './errors.js';
import { noteDuplicateKeys } from './duplicate-keys.js';

type Done = (error: Error | null, body?: unknown) => void;

function tooDeep(at: number): ApiError {
  return badRequest(
    `the request body is not valid JSON: it nests deeper than ${MAX_BODY_DEPTH} levels (at character ${at})`,
  );
}

function flawed(request: FastifyRequest, body: unknown, flaw: { field: string; message: string }): ApiError {
  const target = routeTarget(request);
  const named = (body as { metadata?: { name?: unknown } } | null)?.metadata?.name;
  const name = typeof named === 'string' && stringFlaw(named) === undefined ? named : target.name;
  const cause = { reason: 'FieldValueInvalid', field: flaw.field || '<body>', message: flaw.message };
  return invalidObject({ kind: target.kind, name }, [cause]);
}

/** Fastify's JSON parser behind the guard. */
export function guardedJsonParser(app: FastifyInstance): (request: FastifyRequest, text: string, done: Done) => void {
  const parse = app.getDefaultJsonParser('error', 'error');
  return (request, text, done) => {
    // client-node deletes with `Content-Type: application/json` and no body: no DeleteOptions.
    if (text === '' && request.method === 'DELETE') return done(null, undefined);
    const deep = excessNesting(text, MAX_BODY_DEPTH);
    if (deep >= 0) return done(tooDeep(deep));
    parse(request, text, (error: Error | null, body?: unknown) => {
      if (error) return done(error);
      const flaw = jsonFlaw(body, { maxDepth: MAX_BODY_DEPTH, finiteNumbers: true });
      if (!flaw) noteDuplicateKeys(request, text);
      done(flaw ? flawed(request, body, flaw) : null, flaw ? undefined : body);
    });
  };
}

/** Replaces Fastify's JSON parser with the guarded one for these media types. */
export function installJsonParsers(app: FastifyInstance, mediaTypes: string[]): void {
  const guarded = guardedJsonParser(app);
  app.removeContentTypeParser('application/json');
  for (const type of mediaTypes) app.addContentTypeParser(type, { parseAs: 'string' }, guarded);
}
