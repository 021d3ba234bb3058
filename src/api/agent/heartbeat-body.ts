// The heartbeat route's body. An agent sends the same body every time until something changes, so
// a body equal to its target's last accepted one is taken as the report it parsed to then, without
// parsing or validating it again (HeartbeatBodies, shared with the front door). Any other body goes
// through the guarded JSON parser and the schema, as on every route. Installed in the heartbeat's
// own encapsulated context: no other route gets this parser.
import type { FastifyInstance, FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import type { TSchema } from 'typebox';
import { validatorCompiler } from '../http/ajv.js';
import type { HeartbeatBodies } from './heartbeat-bodies.js';
import { guardedJsonParser } from '../http/json-body.js';

type Validate = ((data: unknown) => boolean) & { errors?: FastifySchemaValidationError[] | null };

/** Installs the parser; returns the route's validator compiler, which passes reports already checked. */
export function installHeartbeatBody(app: FastifyInstance, bodies: HeartbeatBodies): FastifySchemaCompiler<TSchema> {
  const checked = new WeakSet<object>();
  const parse = guardedJsonParser(app);
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, raw, done) => {
    const name = (request.params as { name?: string }).name ?? '';
    const report = bodies.accepted(name, raw as Buffer);
    if (report) {
      checked.add(report);
      return done(null, report);
    }
    parse(request, (raw as Buffer).toString('utf8'), done);
  });
  return (route) => {
    const full = validatorCompiler(route) as Validate;
    if (route.httpPart !== 'body') return full;
    const validate: Validate = (data) => {
      if (typeof data === 'object' && data !== null && checked.has(data)) {
        validate.errors = null;
        return true;
      }
      const valid = full(data);
      validate.errors = full.errors;
      return valid;
    };
    return validate;
  };
}
