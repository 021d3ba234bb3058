// Secrets out of logs, errors and metrics. Every URL that is logged or reported goes through
// redactUrl (a database URL may carry a password as user:password@ or as ?password=), and
// LOG_REDACT_PATHS are fields pino blanks out wherever a logger is made, in case one slips in.

const MASK = '***';

/** Query parameters that carry credentials in libpq, JDBC and HTTP URLs (sslkey is a path: hiding it costs nothing). */
const SECRET_PARAMETER = /pass|pwd|secret|token|key|auth|credential|signature/i;

/**
 * The URL with its password and any credential-like query values masked. What cannot be parsed
 * is not shown at all: a malformed URL may still hold a password somewhere.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)?.[0] ?? '';
    return `${scheme}(unparsable URL)`;
  }
  const secretNames = [...new Set(parsed.searchParams.keys())].filter((name) => SECRET_PARAMETER.test(name));
  // Nothing to hide: exactly as given (URL would normalise it, e.g. add a trailing slash).
  if (!parsed.password && secretNames.length === 0) return url;
  if (parsed.password) parsed.password = MASK;
  for (const name of secretNames) parsed.searchParams.set(name, MASK);
  return parsed.toString();
}

/** pino `redact` paths: the names under which a secret could reach a log line. */
export const LOG_REDACT_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'adminToken',
  '*.adminToken',
  'databaseUrl',
  '*.databaseUrl',
  'connectionString',
  '*.connectionString',
  'authorization',
  '*.authorization',
  '*.headers.authorization',
  '*.headers.cookie',
];

export const LOG_REDACT = { paths: LOG_REDACT_PATHS, censor: '[redacted]' };
