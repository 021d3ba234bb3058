// The scheduler: places the objects Placements select (and what those need) on SyncTargets, and
// keeps each Placement's status. Level-based: every change only queues the keys it may affect; a
// reconcile reads the whole current state from the shared informers and converges. It runs on
// the leader only: it attaches to the informers on gaining leadership (hearing their caches
// first) and leaves them on losing it.
import type { FastifyBaseLogger } from 'fastify';
import type { KubeObject } from '../schemas/meta.js';
import { OVERRIDE_KIND } from '../schemas/override.js';
import { PLACEMENT_KIND } from '../schemas/placement.js';
import { SYNC_TARGET_KIND } from '../schemas/synctarget.js';
import { type InformerHandler, objectKey } from '../runtime/informer.js';
import type { SharedInformers } from '../runtime/shared-informers.js';
import { WorkQueue } from '../runtime/workqueue.js';
import type { SchedulerMetrics } from './metrics.js';
import { ruleOf } from './placement-rules.js';
import { windowState } from './hold-rules.js';
import { type SchedulingState, reconcileObject, reconcilePlacement } from './scheduler-reconcile.js';
import { PLACED, SchedulerWatch } from './scheduler-watch.js';
import { keyOfObject } from './need-index.js';
import type { LeaderTask } from '../store/leader-election.js';
import type { Store } from '../store/types.js';

const KINDS = [...PLACED, PLACEMENT_KIND, SYNC_TARGET_KIND, OVERRIDE_KIND];
/** How long target changes gather before an object on many targets is rewritten for them. */
const TARGET_CHANGES_MS = 1000;

export interface SchedulerOptions {
  evictionGraceMs: number;
  resyncMs?: number;
  /** The time in ms; default Date.now. */
  now?: () => number;
}

export class Scheduler implements LeaderTask {
  /** Set while attached to the informers (from start to stop): the caches are read only then. */
  private detach?: () => void;
  private readonly queue: WorkQueue;
  private readonly watch: SchedulerWatch;

  constructor(
    private readonly store: Store,
    private readonly informers: SharedInformers,
    private readonly options: SchedulerOptions,
    private readonly metrics: SchedulerMetrics,
    private readonly log: FastifyBaseLogger,
  ) {
    this.queue = new WorkQueue({
      process: (key) => this.process(key),
      concurrency: 4,
      backoff: { baseMs: 100, maxMs: 30_000 },
      resync: { intervalMs: options.resyncMs ?? 5 * 60_000, keys: () => this.watch.allKeys() },
      onError: (key, error, failures) =>
        this.log.warn({ err: error, key, failures }, 'scheduler: reconcile failed; retrying'),
    });
    this.watch = new SchedulerWatch(
      (kind) => (this.detach ? (this.informers.find(kind)?.list() ?? []) : []),
      (key) => this.queue.add(key),
      () => this.informers.addedKinds,
      (key) => this.queue.addAfter(key, TARGET_CHANGES_MS),
    );
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  get depth(): number {
    const { ready, delayed, active } = this.queue.depth;
    return ready + delayed + active;
  }

  async start(): Promise<void> {
    await Promise.all(KINDS.map((kind) => this.informers.informer(kind).synced()));
    // The caches are replayed to the handler at once: the state is whole before the first key runs.
    const handler: InformerHandler = (change, previous, initial) => {
      if (initial) this.watch.take(change.object);
      else this.watch.observe(change, previous);
    };
    const removals = KINDS.map((kind) => this.informers.informer(kind).addHandler(handler));
    // The kinds of custom resources, now and as they are defined: their informers may still be
    // listing, so what they take in at first is queued too.
    const custom: InformerHandler = (change, previous, initial) => {
      handler(change, previous, initial);
      if (initial) this.queue.add(keyOfObject(change.object));
    };
    for (const kind of this.informers.addedKinds) removals.push(this.informers.informer(kind).addHandler(custom));
    removals.push(this.informers.onAdded((informer) => removals.push(informer.addHandler(custom))));
    this.detach = () => {
      for (const remove of removals.splice(0)) remove();
    };
    for (const key of this.watch.allKeys()) this.queue.add(key);
    this.queue.start();
  }

  /** The queue drains first: a reconcile in flight must never see the state emptied. */
  async stop(): Promise<void> {
    await this.queue.stop();
    this.detach?.();
    this.detach = undefined;
    this.watch.clear();
  }

  private readonly state: SchedulingState = {
    rules: (namespace) => this.watch.rulesIn(namespace),
    overrides: (namespace) => this.watch.overridesIn(namespace),
    targets: () => this.watch.targets,
    objects: (namespace, kinds) => this.watch.objectsIn(namespace, kinds),
    neededOn: (object) => this.watch.neededOn(object, (key) => this.cached(key)),
    clock: () => ({ now: this.now(), graceMs: this.options.evictionGraceMs }),
    writing: (status) => this.watch.settling.writing(status),
  };

  /** The informer's copy of a queued key ("Kind ns/name"). */
  private cached(queued: string): KubeObject | undefined {
    const space = queued.indexOf(' ');
    return this.detach ? this.informers.find(queued.slice(0, space))?.get(queued.slice(space + 1)) : undefined;
  }

  private async process(queued: string): Promise<void> {
    const kind = queued.slice(0, queued.indexOf(' '));
    const cached = this.cached(queued);
    if (!cached) return;
    try {
      if (kind === PLACEMENT_KIND) {
        const rule = this.watch.rule(objectKey(cached)) ?? ruleOf(cached);
        const written = await reconcilePlacement(this.store, this.state, cached, rule);
        this.metrics.reconciles.inc({ kind, result: written ? 'written' : 'unchanged' });
        // Its Suspended condition changes when a change window opens or closes.
        const changesAt = rule.hold ? windowState(rule.hold.windows, this.now()).changesAt : undefined;
        if (changesAt !== undefined) this.queue.addAfter(queued, changesAt - this.now() + 10);
        return;
      }
      const result = await reconcileObject(this.store, this.state, cached);
      this.metrics.reconciles.inc({ kind, result: result.written ? 'written' : 'unchanged' });
      if (result.placed) this.metrics.decisions.inc({ action: 'place' }, result.placed);
      if (result.removed) this.metrics.decisions.inc({ action: 'remove' }, result.removed);
      if (result.placed || result.removed) {
        const { placed, removed } = result;
        this.log.info({ object: queued, placed, removed }, 'scheduler: placements changed');
      }
      // A little past the deadline, so the clock has surely passed it when the reconcile runs.
      if (result.revisitAt !== undefined) this.queue.addAfter(queued, result.revisitAt - this.now() + 10);
    } catch (error) {
      this.metrics.reconciles.inc({ kind, result: 'error' });
      throw error;
    }
  }
}
