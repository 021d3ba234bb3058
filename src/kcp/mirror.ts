// The kcp mirror: keeps one SyncTarget object in kcp per SyncTarget record, on the leader only.
// Record changes queue their name (a work queue: de-duplicated, one reconcile per name at a
// time, back-off on errors); a periodic resync lists kcp to refresh what it holds and to find
// orphans. kcp being down never blocks the server: reconciles fail fast, the Mirrored condition
// says why, and everything converges from the store once kcp answers again.
import type { FastifyBaseLogger } from 'fastify';
import { jsonEqual } from '../lib/merge-patch.js';
import { redactUrl } from '../lib/redact.js';
import type { KubeObject } from '../schemas/meta.js';
import { SYNC_TARGET_KIND } from '../schemas/synctarget.js';
import type { Informer } from '../runtime/informer.js';
import type { SharedInformers } from '../runtime/shared-informers.js';
import { WorkQueue } from '../runtime/workqueue.js';
import type { LeaderTask } from '../store/leader-election.js';
import type { Change, Store } from '../store/types.js';
import { type KcpClient, type KcpObject, statusCodeOf } from './client.js';
import { desiredOf, isOurs } from './desired.js';
import { NotOwnedError, isConflict, isUnreachable } from './errors.js';
import { HeartbeatBudget } from './heartbeat-budget.js';
import { loadCrdManifest } from './crd.js';
import { KcpHealth } from './kcp-health.js';
import type { MirrorMetrics } from './metrics.js';
import { recordMirrored } from './mirrored-condition.js';
import type { HeartbeatTimes, KcpMirrorOptions } from './mirror-options.js';
import { type ReconcileContext, reconcileTarget } from './reconcile.js';

export class KcpMirror implements LeaderTask {
  private readonly records: Informer;
  private detach?: () => void;
  private queue?: WorkQueue;
  private context?: ReconcileContext;
  private readonly dirtySince = new Map<string, number>();
  private readonly health: KcpHealth;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly store: Store,
    informers: SharedInformers,
    private readonly client: KcpClient,
    private readonly heartbeats: HeartbeatTimes,
    private readonly metrics: MirrorMetrics,
    private readonly options: KcpMirrorOptions,
    private readonly log: FastifyBaseLogger,
  ) {
    this.health = new KcpHealth(client, loadCrdManifest(options.crdFile), log);
    this.records = informers.informer(SYNC_TARGET_KIND);
  }

  async start(): Promise<void> {
    const records = this.records;
    await records.synced();
    this.context = {
      client: this.client,
      record: (name) => records.get(name),
      latestHeartbeat: (name, uid) => this.heartbeats.latest(name, uid),
      observed: new Map(),
      budget: new HeartbeatBudget(this.options.heartbeatIntervalMs),
      metrics: this.metrics,
      log: this.log,
    };
    this.queue = new WorkQueue({
      process: (name) => this.process(name),
      concurrency: this.options.concurrency,
      backoff: this.options.backoff,
      onError: (name, error, failures) => {
        const level = failures === 1 && !isUnreachable(error) ? 'warn' : 'debug';
        this.log[level]({ err: error, syncTarget: name, failures }, 'kcp mirror: reconcile failed; retrying');
      },
    });
    // The records already there are queued by the first resync, not one by one here.
    this.detach = records.addHandler((change, previous, initial) => {
      if (!initial) this.observe(change, previous);
    });
    this.queue.start();
    void this.resync();
    this.timers = [
      setInterval(() => void this.resync(), this.options.resyncMs),
      setInterval(
        () =>
          void this.heartbeats
            .refresh()
            .catch((err: unknown) => this.log.warn({ err }, 'kcp mirror: could not read heartbeat times')),
        this.options.heartbeatIntervalMs,
      ),
    ];
    for (const timer of this.timers) timer.unref();
  }

  /** The queue drains first: a reconcile in flight must never see the caches emptied. */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await this.queue?.stop();
    this.detach?.();
    this.queue = this.detach = this.context = undefined;
    this.dirtySince.clear();
    this.health.reset();
  }

  get depth(): number {
    const depth = this.queue?.depth;
    return depth ? depth.ready + depth.delayed + depth.active : 0;
  }

  get lagSeconds(): number {
    let oldest = Infinity;
    for (const since of this.dirtySince.values()) oldest = Math.min(oldest, since);
    return Number.isFinite(oldest) ? Math.max(0, Date.now() - oldest) / 1000 : 0;
  }

  get up(): boolean {
    return this.health.up;
  }

  /** The line /readyz shows; kcp's state never makes this server not ready. */
  describe(): string {
    return this.queue ? this.health.describe() : 'standby: the kcp mirror runs on the leader replica';
  }

  /** Queues a record whose kcp-visible state changed; its Mirrored condition alone is not such a change. */
  private observe(change: Change, previous: KubeObject | undefined): void {
    const name = change.object.metadata.name ?? '';
    if (
      change.type !== 'DELETED' &&
      previous &&
      jsonEqual(desiredOf(previous, undefined), desiredOf(change.object, undefined))
    )
      return;
    if (!this.dirtySince.has(name)) this.dirtySince.set(name, Date.now());
    this.queue?.add(name);
  }

  private async process(name: string): Promise<void> {
    const context = this.context;
    if (!context) return;
    const since = this.dirtySince.get(name);
    try {
      await this.health.ensureCrd();
      const result = await reconcileTarget(context, name);
      this.health.succeeded(name);
      if (since !== undefined && this.dirtySince.get(name) === since) {
        this.dirtySince.delete(name);
        this.metrics.lag.observe((Date.now() - since) / 1000);
      }
      const record = context.record(name);
      const message = `kcp at ${redactUrl(this.client.server)} shows this SyncTarget`;
      if (record) await recordMirrored(this.store, record, { status: 'True', reason: 'Mirrored', message });
      if (result.revisitInMs !== undefined) this.queue?.addAfter(name, result.revisitInMs);
    } catch (error) {
      await this.failed(context, name, error);
      // A name taken by someone else's object stays so until they act: the resync looks again.
      if (!(error instanceof NotOwnedError)) throw error;
    }
  }

  private async failed(context: ReconcileContext, name: string, error: unknown): Promise<void> {
    const failure = this.health.failed(name, error);
    this.metrics.errors.inc({ reason: failure.reason });
    const code = statusCodeOf(error);
    // What kcp holds moved on (409) or is gone (404): read it again next time.
    if (code === 409 || code === 404) context.observed.delete(name);
    const record = context.record(name);
    if (!record || isConflict(error)) return;
    await recordMirrored(this.store, record, {
      status: 'False',
      reason: failure.reason,
      message: failure.message,
    }).catch((err: unknown) => {
      this.log.warn({ err, syncTarget: name }, 'kcp mirror: could not record the Mirrored condition');
    });
  }

  /** Lists kcp to refresh what it holds (edits made there are undone) and queues every name, orphans too. */
  private async resync(): Promise<void> {
    const context = this.context;
    if (!context) return;
    const names = new Set([...this.records.list()].map((record) => record.metadata.name ?? ''));
    try {
      await this.health.ensureCrd();
      const listed = new Map<string, KcpObject>((await this.client.list()).map((o) => [o.metadata.name, o]));
      this.health.succeeded();
      context.observed.clear();
      for (const name of names) context.observed.set(name, listed.get(name) ?? null);
      for (const [name, object] of listed) {
        context.observed.set(name, object);
        if (isOurs(object)) names.add(name);
      }
    } catch (error) {
      this.log.debug({ err: error }, 'kcp mirror: resync could not list kcp; queueing the records anyway');
    }
    for (const name of names) this.queue?.add(name);
  }
}
