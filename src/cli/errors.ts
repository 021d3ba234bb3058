// The two kinds of failure an operator sees from the admin commands. Both end the command
// with ONE line on stderr that says what went wrong and what to do; neither prints a stack.

/** A mistake the operator can fix: a missing flag, an unreadable file, an unknown kind. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

/** The Kubernetes Status a server answers a failed request with. */
export interface KubeStatus {
  kind?: string;
  code?: number;
  reason?: string;
  message?: string;
  details?: { name?: string; kind?: string; causes?: { field?: string; message?: string }[] };
}

/** A non-2xx answer from the server, carrying its Status so callers can branch on the reason. */
export class ApiStatusError extends CliError {
  constructor(
    readonly statusCode: number,
    readonly status: KubeStatus,
    hint?: string,
  ) {
    super(
      `Error from server (${status.reason ?? statusCode}): ${status.message ?? 'no message'}${hint ? ` — ${hint}` : ''}`,
    );
  }

  get reason(): string | undefined {
    return this.status.reason;
  }
}

/** What to do about an answer, by status code, for the answers an operator can act on. */
export function hintFor(statusCode: number, message = ''): string | undefined {
  if (statusCode === 401) return 'check --token / TMC_TOKEN, or run `tmc login --server URL --token TOKEN`';
  // A user's denial comes from RBAC: a binding grants the right, a different token does not.
  if (statusCode === 403 && message.includes('is forbidden: User "')) {
    return 'ask an admin for a RoleBinding or ClusterRoleBinding that grants it (see `kubectl auth can-i --list`)';
  }
  if (statusCode === 403) return 'the admin commands need an admin token, not an agent token';
  return undefined;
}

export const isNotFound = (error: unknown): boolean => error instanceof ApiStatusError && error.statusCode === 404;

/** One line for any error, in kubectl's words: "Error from server (...)" or "error: ...". */
export function oneLine(error: unknown): string {
  if (error instanceof ApiStatusError) return error.message;
  if (error instanceof CliError) return `error: ${error.message}`;
  if (error instanceof Error) return `error: ${error.name}: ${error.message}`;
  return `error: ${String(error)}`;
}

/** Reports a failure and lets the command go on with its other objects; the exit code is 1. */
export function reportError(error: unknown): void {
  process.stderr.write(`${oneLine(error)}\n`);
  process.exitCode = 1;
}
