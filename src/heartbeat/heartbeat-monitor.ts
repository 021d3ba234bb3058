// The heartbeat monitor: turns a SyncTarget Ready=Unknown once its last heartbeat is older than
// the threshold. Each target has at most one pending deadline in the work queue's heap (one
// timer for all); when it fires, a target that has heartbeated since is simply re-armed, so the
// cost is one in-memory check per target per threshold, whatever the heartbeat rate.
import type { FastifyBaseLogger } from 'fastify';
import type { Heartbeats } from './heartbeats.js';
import { healthMismatch, healthOf } from './health.js';
import type { SyncTargetIndex } from './target-index.js';
import { WorkQueue } from '../runtime/workqueue.js';

const RESYNC_MS = 5 * 60_000;

export class HeartbeatMonitor {
  private readonly queue: WorkQueue;
  private unsubscribe?: () => void;

  constructor(
    private readonly index: SyncTargetIndex,
    private readonly heartbeats: Heartbeats,
    private readonly log: FastifyBaseLogger,
    /** Counts the controller's work (a metric), to show it does not grow with the heartbeat rate. */
    private readonly onReconcile: () => void = () => undefined,
  ) {
    this.queue = new WorkQueue({
      process: (name) => this.reconcile(name),
      concurrency: 4,
      backoff: { baseMs: 200, maxMs: 30_000 },
      resync: { intervalMs: RESYNC_MS, keys: () => [...this.index.values()].map((t) => t.name) },
      onError: (name, error, failures) =>
        this.log.warn({ err: error, syncTarget: name, failures }, 'heartbeat monitor: reconcile failed; retrying'),
    });
  }

  /** Deadlines come from stored times, so targets silent since before a restart still time out. */
  start(): void {
    this.unsubscribe = this.index.onChange((change) => this.queue.add(change.object.metadata.name ?? ''));
    for (const target of this.index.values()) this.queue.add(target.name);
    this.queue.start();
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    await this.queue.stop();
  }

  get depth() {
    return this.queue.depth;
  }

  private async reconcile(name: string): Promise<void> {
    this.onReconcile();
    const target = this.index.get(name);
    if (!target) return;
    const threshold = this.heartbeats.thresholdMs;
    let last = this.heartbeats.lastHeartbeat(target);
    let health = healthOf(last, Date.now(), threshold);
    if (health === 'HeartbeatTimeout' && !healthMismatch(target.status.conditions, 'HeartbeatHealthy')) {
      // About to time out a Ready target: another replica may have flushed a newer heartbeat.
      await this.heartbeats.refresh([name]);
      last = this.heartbeats.lastHeartbeat(target);
      health = healthOf(last, Date.now(), threshold);
    }
    if (healthMismatch(target.status.conditions, health)) {
      const stored = await this.heartbeats.writeStatus(name, target.uid);
      if (stored && health === 'HeartbeatTimeout')
        this.log.info(
          { syncTarget: name, lastHeartbeat: new Date(last!).toISOString() },
          'heartbeat timeout: SyncTarget is now Ready=Unknown',
        );
    }
    if (last !== undefined && health === 'HeartbeatHealthy') this.queue.addAfter(name, last + threshold - Date.now());
  }
}
