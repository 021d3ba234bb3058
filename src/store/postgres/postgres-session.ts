// One dedicated PostgreSQL connection kept open outside the pool. LISTEN and session advisory
// locks belong to a single backend, so they cannot borrow pooled connections. When the
// connection drops, the owner hears it at once (its LISTEN or its lock is gone with it) and a
// new connection is opened with back-off until stop().
import pg from 'pg';
import type { FastifyBaseLogger } from 'fastify';

export interface SessionHandlers {
  /** Sets up each new connection (LISTEN, SET, a lock attempt). A throw counts as a failed connect. */
  connected(client: pg.Client): Promise<void>;
  /** The connection was lost; not called after stop(). */
  lost(error: unknown): void;
}

export interface SessionOptions {
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

export class PostgresSession {
  private client: pg.Client | undefined;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private backoffMs: number;
  private readonly minBackoffMs: number;
  private readonly maxBackoffMs: number;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly handlers: SessionHandlers,
    private readonly log: FastifyBaseLogger,
    options: SessionOptions = {},
  ) {
    this.minBackoffMs = options.minBackoffMs ?? 100;
    this.maxBackoffMs = options.maxBackoffMs ?? 5000;
    this.backoffMs = this.minBackoffMs;
  }

  /** Connects once; when that fails it keeps retrying in the background instead of throwing. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  /** The live connection, if there is one right now. */
  get current(): pg.Client | undefined {
    return this.client;
  }

  /**
   * Drops `client` on purpose (it seems dead) if it is still the live one; the owner is told and a new one is opened.
   */
  reset(client: pg.Client, reason: unknown): void {
    this.drop(client, reason);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client(this.config);
    // Before `connected` resolves these are ignored: the failed connect is handled below.
    client.on('error', (error) => this.drop(client, error));
    client.on('end', () => this.drop(client, new Error('the connection was closed')));
    try {
      await client.connect();
      await this.handlers.connected(client);
    } catch (error) {
      client.end().catch(() => undefined);
      if (this.stopped) return;
      this.log.warn({ err: error, retryInMs: this.backoffMs }, 'PostgreSQL session: could not connect');
      this.scheduleReconnect();
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.backoffMs = this.minBackoffMs;
  }

  private drop(client: pg.Client, error: unknown): void {
    if (client !== this.client) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    if (this.stopped) return;
    this.log.warn({ err: error }, 'PostgreSQL session: connection lost, reconnecting');
    this.handlers.lost(error);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), this.backoffMs);
    this.retryTimer.unref();
    this.backoffMs = Math.min(this.backoffMs * 2, this.maxBackoffMs);
  }
}
