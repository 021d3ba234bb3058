// The agent's syncing core, without its control-plane side: the desired state, the owned
// objects' watches, the REST mapper and the work queue that reconciles one key at a time.
// runSyncer wires the feed and the status reporter to it; tests can drive it directly.
import type { Logger } from 'pino';
import { WorkQueue } from '../runtime/workqueue.js';
import { Applier } from './downstream/applier.js';
import { ApplyOrder } from './reconcile/apply-order.js';
import { InForceWaits } from './reconcile/in-force.js';
import { DefinitionWaits } from './reconcile/definitions.js';
import { DesiredState } from './reconcile/desired-state.js';
import { DriftThrottle } from './reconcile/drift-throttle.js';
import type { FeedAnswer } from './upstream/feed-answer.js';
import type { KubeClient } from './downstream/kube-client.js';
import { OwnedObjects } from './downstream/owned-cache.js';
import { Reconciler } from './reconcile/reconciler.js';
import { RestMapper } from './downstream/rest-mapper.js';
import { NamespaceMetadata } from './downstream/namespace-metadata.js';
import type { ReportSink } from './upstream/status-reporter.js';
import type { KubeObject } from '../schemas/meta.js';

export interface EngineOptions {
  target: string;
  downstream: KubeClient;
  reporter: ReportSink;
  log: Logger;
  /** The downstream REST mapper, when the caller shares it (the status reporter names resources with it). */
  mapper?: RestMapper;
}

export class SyncEngine {
  readonly desired: DesiredState;
  readonly mapper: RestMapper;
  readonly owned: OwnedObjects;
  readonly reconciler: Reconciler;
  /** Custom resources waiting for their definitions to be served. */
  readonly definitions: DefinitionWaits;
  /** The labels and annotations of the objects' namespaces. */
  readonly namespaces: NamespaceMetadata;
  private readonly queue: WorkQueue;

  constructor(options: EngineOptions) {
    this.desired = new DesiredState(options.target);
    this.mapper = options.mapper ?? new RestMapper(options.downstream);
    this.queue = new WorkQueue({
      process: (key) => this.reconciler.reconcile(key),
      concurrency: 4,
      backoff: { baseMs: 500, maxMs: 60_000 },
    });
    // A definition the watch sees Established wakes the objects waiting for it, besides its own key.
    const onChange = (key: string, object: KubeObject | undefined) => {
      this.definitions.observe(key, object);
      this.queue.add(key);
    };
    this.namespaces = new NamespaceMetadata(options.downstream, options.log);
    this.owned = new OwnedObjects(options.downstream, this.mapper, options.target, options.log, onChange);
    const wake = (key: string) => this.queue.add(key);
    const { desired, owned, mapper } = this;
    this.definitions = new DefinitionWaits({ desired, owned, mapper, wake });
    this.reconciler = new Reconciler({
      target: options.target,
      desired,
      owned,
      mapper,
      applier: new Applier(options.downstream),
      reporter: this.definitions.reports(options.reporter),
      definitions: this.definitions,
      throttle: new DriftThrottle(),
      order: new ApplyOrder(wake),
      inForce: new InForceWaits(options.log),
      log: options.log,
      requeue: (key, delayMs) => this.queue.addAfter(key, delayMs),
    });
  }

  /** Starts reconciling; call once the owned objects are listed (`owned.synced`). */
  start(): void {
    this.queue.start();
    this.namespaces.start();
  }

  /** Takes a feed answer and queues what it changed; the first one also queues every owned key. */
  take(answer: FeedAnswer): number {
    const first = !this.desired.authoritative;
    const changed = this.desired.replace(answer);
    for (const key of changed) this.queue.add(key);
    this.namespaces.take(answer.namespaces);
    // The first answer is the first chance to prune what was unplaced while the agent was away.
    if (first) for (const key of this.owned.keys()) this.queue.add(key);
    return changed.length;
  }

  /** The periodic safety net: a fresh list of every kind and a full re-apply. */
  resync(): void {
    this.owned.relist();
    this.namespaces.resync();
    for (const key of new Set([...this.desired.keys(), ...this.owned.keys()])) {
      this.reconciler.force(key);
      this.queue.add(key);
    }
  }

  async stop(): Promise<void> {
    await Promise.all([this.queue.stop(), this.namespaces.stop()]);
  }
}
