// Proof that the LISTEN connection still hears. A connection can break without either side
// noticing for minutes (a half-open TCP connection); until then announcements sent to it are lost
// unseen. So the connection notifies itself once a second: PostgreSQL delivers notifications in
// commit order, so a ping that comes back shows that every notification committed before it was
// sent has arrived. A connection that stops hearing stops confirming, and what relies on the
// announcements (the agent-token cache) falls back to reading the store.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { LISTEN_PING_CHANNEL } from './postgres-locks.js';

const PING_MS = 1000;

export class ListenConfirmation {
  /** Other replicas ping on the same channel: only this one's own pings count. */
  private readonly id = randomUUID();
  private timer: NodeJS.Timeout | undefined;
  private inFlight = false;
  private confirmed: number | undefined;

  /** When the latest ping that came back was sent (ms since the epoch); undefined before one has. */
  get confirmedAt(): number | undefined {
    return this.confirmed;
  }

  /** Pings through `client`, the LISTEN connection, until stop() or the next start(). */
  start(client: pg.Client): void {
    this.stop();
    const ping = () => {
      // One at a time: a ping that never completes (the connection hangs) stops the confirmations.
      if (this.inFlight) return;
      this.inFlight = true;
      client
        .query('SELECT pg_notify($1, $2)', [LISTEN_PING_CHANNEL, `${this.id} ${Date.now()}`])
        // A failed query means a broken connection, which the session notices and replaces.
        .catch(() => undefined)
        .finally(() => {
          this.inFlight = false;
        });
    };
    ping();
    this.timer = setInterval(ping, PING_MS);
    this.timer.unref();
  }

  /** A notification on the ping channel arrived. */
  heard(payload: string | undefined): void {
    const [id, sent] = (payload ?? '').split(' ');
    const at = Number(sent);
    if (id === this.id && Number.isSafeInteger(at) && at > (this.confirmed ?? 0)) this.confirmed = at;
  }

  /** The connection is gone or closing: nothing is confirmed until a new one hears its own ping. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.inFlight = false;
    this.confirmed = undefined;
  }
}
