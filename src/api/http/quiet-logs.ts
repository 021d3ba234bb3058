// Request logs for the agents' routes: every agent calls them every few seconds, so only
// warnings and errors are logged. A route's `logLevel` would do that, but Fastify then builds
// each request's child logger with a level of its own, which makes pino rebuild every log
// method per request. Children of one warn-level logger inherit its level instead, and are made
// only when a request logs at all: pino's child() serializes (and redacts) its bindings at once,
// which for thousands of agents' requests a second was more work than most of those requests.
import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';

type ChildLoggerFactory = NonNullable<FastifyServerOptions['childLoggerFactory']>;
type Bindings = Parameters<FastifyBaseLogger['child']>[0];
type LogArguments = Parameters<FastifyBaseLogger['warn']>;
type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];
/** Whether a logger at `threshold` writes a line at `level` (an unknown threshold: it decides). */
const enabled = (level: Level, threshold: string): boolean =>
  !LEVELS.includes(threshold) || LEVELS.indexOf(level) >= LEVELS.indexOf(threshold);

/** A request's logger that becomes the quiet logger's child on its first line (or child). */
class QuietRequestLogger implements FastifyBaseLogger {
  private made?: FastifyBaseLogger;

  constructor(
    private readonly quiet: FastifyBaseLogger,
    private readonly bindings: Bindings,
  ) {}

  get level(): string {
    return this.made?.level ?? this.quiet.level;
  }

  set level(level: string) {
    this.logger().level = level;
  }

  private logger(): FastifyBaseLogger {
    this.made ??= this.quiet.child(this.bindings);
    return this.made;
  }

  /** A line the level lets through goes to the child; others cost nothing. */
  private log(level: Level, args: LogArguments): void {
    if (this.made || enabled(level, this.quiet.level)) Reflect.apply(this.logger()[level], this.made, args);
  }

  fatal(...args: LogArguments): void {
    this.log('fatal', args);
  }
  error(...args: LogArguments): void {
    this.log('error', args);
  }
  warn(...args: LogArguments): void {
    this.log('warn', args);
  }
  info(...args: LogArguments): void {
    this.log('info', args);
  }
  debug(...args: LogArguments): void {
    this.log('debug', args);
  }
  trace(...args: LogArguments): void {
    this.log('trace', args);
  }
  silent(): void {}

  child(bindings: Bindings, options?: Parameters<FastifyBaseLogger['child']>[1]): FastifyBaseLogger {
    return this.logger().child(bindings, options);
  }
}

const quietLoggers = new WeakMap<FastifyBaseLogger, FastifyBaseLogger>();

const childLoggerFactory: ChildLoggerFactory = (logger, bindings) => {
  let quiet = quietLoggers.get(logger);
  if (!quiet) {
    quiet = logger.child({}, { level: higherOf(logger.level, 'warn') });
    quietLoggers.set(logger, quiet);
  }
  return new QuietRequestLogger(quiet, bindings);
};

/** Route options that log only warnings and errors of the route's requests. */
export const QUIET_REQUEST_LOGS = { childLoggerFactory };

/** Never lower than the server's own level: `--log-level error` stays error. */
function higherOf(level: string, floor: string): string {
  return LEVELS.indexOf(level) > LEVELS.indexOf(floor) ? level : floor;
}
