// Request logs for the agents' routes: every agent calls them every few seconds, so only
// warnings and errors are logged. A route's `logLevel` would do that, but Fastify then builds
// each request's child logger with a level of its own, which makes pino rebuild every log
// method per request. Children of one warn-level logger inherit its level instead, for free.
import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';

type ChildLoggerFactory = NonNullable<FastifyServerOptions['childLoggerFactory']>;

const quietLoggers = new WeakMap<FastifyBaseLogger, FastifyBaseLogger>();

const childLoggerFactory: ChildLoggerFactory = (logger, bindings) => {
  let quiet = quietLoggers.get(logger);
  if (!quiet) {
    quiet = logger.child({}, { level: higherOf(logger.level, 'warn') });
    quietLoggers.set(logger, quiet);
  }
  return quiet.child(bindings);
};

/** Route options that log only warnings and errors of the route's requests. */
export const QUIET_REQUEST_LOGS = { childLoggerFactory };

/** Never lower than the server's own level: `--log-level error` stays error. */
function higherOf(level: string, floor: string): string {
  const order = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];
  return order.indexOf(level) > order.indexOf(floor) ? level : floor;
}
