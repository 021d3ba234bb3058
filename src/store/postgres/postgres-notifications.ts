// Follows the change feed of other replicas: a dedicated LISTEN connection for the fast path
// (each NOTIFY carries the version just committed) plus a slow poll as the safety net for a
// notification lost while the connection was down. Both only nudge the ordered feed, which
// reads the changes themselves. The same connection hears of agent token issuance, which has no
// feed to catch up from: while it is down, and when it is back, every cached token is suspect;
// while it pings itself (listen-confirmation.ts), every announcement sent before is known heard.
import type { FastifyBaseLogger } from 'fastify';
import type { ChangeFanout } from '../change-fanout.js';
import type { OrderedChangeFeed } from './postgres-change-feed.js';
import { postgresClientConfig } from './postgres-connection.js';
import { ListenConfirmation } from './listen-confirmation.js';
import { AGENT_TOKENS_CHANNEL, CHANGES_CHANNEL, LISTEN_PING_CHANNEL } from './postgres-locks.js';
import { PostgresSession } from './postgres-session.js';

export class NotificationFollower {
  private readonly session: PostgresSession;
  private poll: NodeJS.Timeout | undefined;
  private readonly confirmation = new ListenConfirmation();

  constructor(
    connectionString: string,
    private readonly feed: OrderedChangeFeed,
    tokensChanged: ChangeFanout<string | undefined>,
    log: FastifyBaseLogger,
    private readonly pollIntervalMs: number,
  ) {
    this.session = new PostgresSession(
      postgresClientConfig(connectionString, 'tmc-change-feed'),
      {
        connected: async (client) => {
          client.on('notification', (message) => {
            if (message.channel === LISTEN_PING_CHANNEL) return this.confirmation.heard(message.payload);
            if (message.channel === AGENT_TOKENS_CHANNEL) {
              if (message.payload) tokensChanged.emit(message.payload);
              return;
            }
            const version = Number(message.payload);
            feed.catchUp(Number.isSafeInteger(version) ? version : undefined);
          });
          await client.query(`LISTEN ${CHANGES_CHANNEL}`);
          await client.query(`LISTEN ${AGENT_TOKENS_CHANNEL}`);
          await client.query(`LISTEN ${LISTEN_PING_CHANNEL}`);
          // Whatever was committed while no one was listening is read now.
          feed.catchUp();
          tokensChanged.emit(undefined);
          this.confirmation.start(client);
        },
        lost: () => {
          this.confirmation.stop();
          log.warn('change feed: notifications interrupted; polling until the LISTEN connection is back');
          tokensChanged.emit(undefined);
        },
      },
      log,
    );
  }

  async start(): Promise<void> {
    if (this.poll) return;
    this.poll = setInterval(() => this.feed.catchUp(), this.pollIntervalMs);
    this.poll.unref();
    await this.session.start();
  }

  /** Up to when every notification sent to this replica is known to have arrived (see ListenConfirmation). */
  get confirmedAt(): number | undefined {
    return this.confirmation.confirmedAt;
  }

  async stop(): Promise<void> {
    this.confirmation.stop();
    clearInterval(this.poll);
    this.poll = undefined;
    await this.session.stop();
  }
}
