// Delivers every committed change exactly once and in resourceVersion order to this process's
// listeners, whichever replica wrote it. Notifications and polls are only hints that something
// is new: the changes themselves are always read back from the changes table after the last
// delivered version, so a lost or reordered notification can delay a change but never drop or
// duplicate one. This relies on the store's guarantee that commits become visible in
// resourceVersion order (a reader never sees version N+1 without N).
import type { FastifyBaseLogger } from 'fastify';
import type { ChangeFanout } from '../change-fanout.js';
import { type Change, StoreError } from '../types.js';

export interface ChangeSource {
  changesSince(resourceVersion: number, limit: number): Promise<Change[]>;
  currentResourceVersion(): Promise<number>;
}

interface Waiter {
  resourceVersion: number;
  resolve: () => void;
}

const BATCH = 1000;
const MAX_RETRY_MS = 5000;

export class OrderedChangeFeed {
  private delivered = 0;
  /** The highest version known to be committed (from a notification or a local write). */
  private known = 0;
  private started = false;
  private closed = false;
  private again = false;
  private running = false;
  private retryMs = 100;
  private readonly waiters = new Set<Waiter>();

  constructor(
    private readonly source: ChangeSource,
    private readonly fanout: ChangeFanout,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Listeners get the changes committed after `resourceVersion`. */
  start(resourceVersion: number): void {
    this.delivered = Math.max(this.delivered, resourceVersion);
    this.known = Math.max(this.known, resourceVersion);
    this.started = true;
  }

  get deliveredResourceVersion(): number {
    return this.delivered;
  }

  /**
   * A change this process just committed. Delivered at once when it is next in line (the
   * common case, no extra query); otherwise after the earlier ones. Resolves once delivered,
   * so a writer's own listeners have seen its change when the write returns, as with SQLite.
   */
  committed(change: Change): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (!this.started) {
      this.fanout.emit(change);
      return Promise.resolve();
    }
    if (change.resourceVersion <= this.delivered) return Promise.resolve();
    if (!this.running && change.resourceVersion === this.delivered + 1) {
      this.deliver(change);
      return Promise.resolve();
    }
    const delivered = new Promise<void>((resolve) =>
      this.waiters.add({ resourceVersion: change.resourceVersion, resolve }),
    );
    this.catchUp(change.resourceVersion);
    return delivered;
  }

  /** Something may be new: a notification carrying its version, or a periodic check without one. */
  catchUp(resourceVersion?: number): void {
    if (this.closed || !this.started) return;
    if (resourceVersion !== undefined) {
      if (resourceVersion <= this.delivered) return;
      this.known = Math.max(this.known, resourceVersion);
    }
    this.again = true;
    if (!this.running) void this.pump();
  }

  close(): void {
    this.closed = true;
    for (const waiter of this.waiters) waiter.resolve();
    this.waiters.clear();
  }

  /** One pump at a time; `again` is re-checked in the same tick that clears `running`. */
  private async pump(): Promise<void> {
    this.running = true;
    try {
      while (!this.closed && (this.again || this.known > this.delivered)) {
        this.again = false;
        const progressed = await this.readOnce();
        // Nothing readable although a newer version was announced: leave it to the next hint or poll.
        if (!progressed && !this.again) break;
      }
    } finally {
      this.running = false;
    }
  }

  private async readOnce(): Promise<boolean> {
    try {
      const changes = await this.source.changesSince(this.delivered, BATCH);
      this.retryMs = 100;
      for (const change of changes) {
        if (this.closed) return false;
        if (change.resourceVersion > this.delivered) this.deliver(change);
      }
      if (changes.length === BATCH) this.again = true;
      return changes.length > 0;
    } catch (error) {
      if (error instanceof StoreError && error.code === 'Expired') return this.skipLostChanges(error);
      this.log.warn({ err: error, retryInMs: this.retryMs }, 'change feed: reading changes failed, retrying');
      await new Promise((resolve) => setTimeout(resolve, this.retryMs).unref());
      this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
      this.again = true;
      return false;
    }
  }

  /** This process fell further behind than the store keeps changes: controllers resync anyway. */
  private async skipLostChanges(error: StoreError): Promise<boolean> {
    const current = await this.source.currentResourceVersion().catch(() => this.delivered);
    this.log.error(
      { err: error, from: this.delivered, to: current },
      'change feed: changes were compacted before this process read them; listeners skip them',
    );
    this.delivered = Math.max(this.delivered, current);
    this.resolveWaiters();
    return true;
  }

  private deliver(change: Change): void {
    this.delivered = change.resourceVersion;
    this.known = Math.max(this.known, this.delivered);
    this.fanout.emit(change);
    this.resolveWaiters();
  }

  private resolveWaiters(): void {
    for (const waiter of this.waiters) {
      if (waiter.resourceVersion <= this.delivered) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }
}
