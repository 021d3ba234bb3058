// The agent token, read from --token-file and read again whenever the file changes, so a
// rotated token (`tmc token NAME` writes a new one, a Secret volume swaps it in) is used
// without a restart. The directory is watched, not the file: Kubernetes updates a mounted
// Secret by swapping a symlink, which a watch on the old file would never see. A 401 from the
// server also triggers a read, in case the watch missed the change.
import { type FSWatcher, readFileSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Logger } from 'pino';

export class TokenFileError extends Error {
  override readonly name = 'TokenFileError';
}

export function readToken(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new TokenFileError(
      `cannot read the token file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; write the sync target's agent token there (tmc token NAME)`,
    );
  }
  const token = text.trim();
  if (!token || /\s/.test(token))
    throw new TokenFileError(
      `the token file ${path} must hold one token (tmc token NAME prints it), not ${token ? 'several words' : 'nothing'}`,
    );
  return token;
}

export class TokenFile {
  private value: string;
  private watcher?: FSWatcher;
  private timer?: NodeJS.Timeout;

  /** Reads the file once; throws TokenFileError when it holds no token. */
  constructor(
    readonly path: string,
    private readonly log: Logger,
  ) {
    this.value = readToken(path);
  }

  get token(): string {
    return this.value;
  }

  /** Reads the file again; true when the token changed. A bad read keeps the current token. */
  reload(): boolean {
    try {
      const next = readToken(this.path);
      if (next === this.value) return false;
      this.value = next;
      this.log.info({ event: 'token-reloaded', tokenFile: this.path }, 'the token file changed: using the new token');
      return true;
    } catch (error) {
      this.log.warn(
        { event: 'token-unreadable', tokenFile: this.path, err: (error as Error).message },
        'keeping the current token',
      );
      return false;
    }
  }

  watch(): void {
    const name = basename(this.path);
    try {
      this.watcher = watch(dirname(this.path), (_event, file) => {
        // Kubernetes' atomic writer renames a "..data" link; editors write temp files: re-read on any of it.
        if (file && file !== name && !file.startsWith('..')) return;
        // One read after a burst of events (truncate, write, rename) sees the finished file.
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.reload(), 50);
      });
      this.watcher.on('error', (error) =>
        this.log.warn(
          { event: 'token-watch-failed', err: error.message },
          'token file changes are picked up on the next 401',
        ),
      );
    } catch (error) {
      this.log.warn(
        { event: 'token-watch-failed', err: (error as Error).message },
        'token file changes are picked up on the next 401',
      );
    }
  }

  close(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
  }
}
