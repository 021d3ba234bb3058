// Follows the change feed of other replicas: a dedicated LISTEN connection for the fast path
// (each NOTIFY carries the version just committed) plus a slow poll as the safety net for a
// notification lost while the connection was down. Both only nudge the ordered feed, which
// reads the changes themselves.
import type { FastifyBaseLogger } from 'fastify';
import type { OrderedChangeFeed } from './postgres-change-feed.js';
import { postgresClientConfig } from './postgres-connection.js';
import { CHANGES_CHANNEL } from './postgres-locks.js';
import { PostgresSession } from './postgres-session.js';

export class NotificationFollower {
  private readonly session: PostgresSession;
  private poll: NodeJS.Timeout | undefined;

  constructor(connectionString: string, private readonly feed: OrderedChangeFeed, log: FastifyBaseLogger, private readonly pollIntervalMs: number) {
    this.session = new PostgresSession(postgresClientConfig(connectionString, 'tmc-change-feed'), {
      connected: async (client) => {
        client.on('notification', (message) => {
          const version = Number(message.payload);
          feed.catchUp(Number.isSafeInteger(version) ? version : undefined);
        });
        await client.query(`LISTEN ${CHANGES_CHANNEL}`);
        // Whatever was committed while no one was listening is read now.
        feed.catchUp();
      },
      lost: () => log.warn('change feed: notifications interrupted; polling until the LISTEN connection is back'),
    }, log);
  }

  async start(): Promise<void> {
    if (this.poll) return;
    this.poll = setInterval(() => this.feed.catchUp(), this.pollIntervalMs);
    this.poll.unref();
    await this.session.start();
  }

  async stop(): Promise<void> {
    clearInterval(this.poll);
    this.poll = undefined;
    await this.session.stop();
  }
}
