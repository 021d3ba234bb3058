// The scheduler: places Deployments on SyncTargets as the Placements say, and keeps each
// Placement's status. Level-based: every change only queues the keys it may affect; a reconcile
// reads the whole current state from the shared informers and converges. It runs on the leader
// only: it attaches to the informers on gaining leadership (hearing their caches first) and
// leaves them on losing it.
import type { FastifyBaseLogger } from 'fastify';
import { jsonEqual } from '../lib/merge-patch.js';
import { DEPLOYMENT_KIND } from '../schemas/deployment.js';
import type { KubeObject } from '../schemas/meta.js';
import { PLACEMENT_KIND } from '../schemas/placement.js';
import { SYNC_TARGET_KIND } from '../schemas/synctarget.js';
import { type InformerHandler, objectKey } from '../runtime/informer.js';
import type { SharedInformers } from '../runtime/shared-informers.js';
import { WorkQueue } from '../runtime/workqueue.js';
import type { SchedulerMetrics } from './metrics.js';
import { type PlacementRule, isCandidate, ruleOf, selectsDeployment } from './placement-rules.js';
import { placedTargets } from './status-entries.js';
import { PlacedByTarget } from './target-index.js';
import { type TargetState, schedulingSignature, targetStateOf } from './target-state.js';
import type { LeaderTask } from '../store/leader-election.js';
import type { Change, Store } from '../store/types.js';
import { type SchedulingState, reconcileDeployment, reconcilePlacement } from './scheduler-reconcile.js';

const KINDS = [DEPLOYMENT_KIND, PLACEMENT_KIND, SYNC_TARGET_KIND];
// A key names the kind, so one queue serves both reconciles: "Deployment ns/name".
const keyFor = (kind: string, key: string) => `${kind} ${key}`;
const sameMembers = (a: ReadonlySet<string>, b: ReadonlySet<string>) => a.size === b.size && [...a].every((x) => b.has(x));

export interface SchedulerOptions {
  evictionGraceMs: number;
  resyncMs?: number;
}

export class Scheduler implements LeaderTask {
  /** Set while attached to the informers (from start to stop): the caches are read only then. */
  private detach?: () => void;
  private readonly queue: WorkQueue;
  private readonly targets = new Map<string, TargetState>();
  private readonly rules = new Map<string, PlacementRule>();
  private readonly placed = new PlacedByTarget();

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
      resync: { intervalMs: options.resyncMs ?? 5 * 60_000, keys: () => this.allKeys() },
      onError: (key, error, failures) => this.log.warn({ err: error, key, failures }, 'scheduler: reconcile failed; retrying'),
    });
  }

  get depth(): number {
    const { ready, delayed, active } = this.queue.depth;
    return ready + delayed + active;
  }

  async start(): Promise<void> {
    await Promise.all(KINDS.map((kind) => this.informers.informer(kind).synced()));
    // The caches are replayed to the handler at once: the state is whole before the first key runs.
    const handler: InformerHandler = (change, previous, initial) => {
      if (initial) this.take(change.object);
      else this.observe(change, previous);
    };
    const removals = KINDS.map((kind) => this.informers.informer(kind).addHandler(handler));
    this.detach = () => removals.forEach((remove) => remove());
    for (const key of this.allKeys()) this.queue.add(key);
    this.queue.start();
  }

  /** The queue drains first: a reconcile in flight must never see the state emptied. */
  async stop(): Promise<void> {
    await this.queue.stop();
    this.detach?.();
    this.detach = undefined;
    this.targets.clear();
    this.rules.clear();
    this.placed.clear();
  }

  private readonly state: SchedulingState = {
    rules: (namespace) => [...this.rules.values()].filter((r) => r.namespace === namespace),
    targets: () => this.targets,
    deployments: (namespace) => [...this.deploymentsOf()].filter((d) => d.metadata.namespace === namespace),
    clock: () => ({ now: Date.now(), graceMs: this.options.evictionGraceMs }),
  };

  private deploymentsOf(): Iterable<KubeObject> {
    return this.detach ? this.informers.informer(DEPLOYMENT_KIND).list() : [];
  }

  private *allKeys(): Iterable<string> {
    for (const d of this.deploymentsOf()) yield keyFor(DEPLOYMENT_KIND, objectKey(d));
    for (const key of this.rules.keys()) yield keyFor(PLACEMENT_KIND, key);
  }

  private async process(queued: string): Promise<void> {
    const space = queued.indexOf(' ');
    const kind = queued.slice(0, space);
    const key = queued.slice(space + 1);
    const cached = this.detach ? this.informers.informer(kind).get(key) : undefined;
    if (!cached) return;
    try {
      if (kind === PLACEMENT_KIND) {
        const written = await reconcilePlacement(this.store, this.state, cached, this.rules.get(key) ?? ruleOf(cached));
        this.metrics.reconciles.inc({ kind, result: written ? 'written' : 'unchanged' });
        return;
      }
      const result = await reconcileDeployment(this.store, this.state, cached);
      this.metrics.reconciles.inc({ kind, result: result.written ? 'written' : 'unchanged' });
      if (result.placed) this.metrics.decisions.inc({ action: 'place' }, result.placed);
      if (result.removed) this.metrics.decisions.inc({ action: 'remove' }, result.removed);
      if (result.placed || result.removed) this.log.info({ deployment: key, placed: result.placed, removed: result.removed }, 'scheduler: placements changed');
      // A little past the deadline, so the clock has surely passed it when the reconcile runs.
      if (result.revisitAt !== undefined) this.queue.addAfter(queued, result.revisitAt - Date.now() + 10);
    } catch (error) {
      this.metrics.reconciles.inc({ kind, result: 'error' });
      throw error;
    }
  }

  /** An object already in the cache when the scheduler started: its state, no queueing yet. */
  private take(object: KubeObject): void {
    const key = objectKey(object);
    if (object.kind === SYNC_TARGET_KIND) this.targets.set(object.metadata.name ?? '', targetStateOf(object));
    else if (object.kind === PLACEMENT_KIND) this.rules.set(key, ruleOf(object));
    else this.placed.set(key, placedTargets(object.status));
  }

  /** Queues what a change may affect; the reconciles decide whether anything really moves. */
  private observe(change: Change, previous: KubeObject | undefined): void {
    const object = change.object;
    const gone = change.type === 'DELETED';
    if (object.kind === DEPLOYMENT_KIND) {
      const key = objectKey(object);
      const placedBefore = this.placed.targetsOf(key);
      const placedNow = gone ? new Set<string>() : placedTargets(object.status);
      this.placed.set(key, placedNow);
      if (!gone) this.queue.add(keyFor(DEPLOYMENT_KIND, key));
      // A Placement's status reads only which Deployments it selects (their labels) and where
      // they are placed: status reports, which change neither, need not recompute it.
      if (!previous || gone || !jsonEqual(previous.metadata.labels, object.metadata.labels) || !sameMembers(placedBefore, placedNow)) {
        this.queuePlacementsOf([object, previous]);
      }
    } else if (object.kind === PLACEMENT_KIND) {
      const key = objectKey(object);
      const before = this.rules.get(key);
      const after = gone ? undefined : ruleOf(object);
      if (after) this.rules.set(key, after);
      else this.rules.delete(key);
      if (after) this.queue.add(keyFor(PLACEMENT_KIND, key));
      this.queueDeploymentsOf([before, after]);
    } else {
      this.observeTarget(object, gone);
    }
  }

  private observeTarget(object: KubeObject, gone: boolean): void {
    const name = object.metadata.name ?? '';
    const before = this.targets.get(name);
    const after = gone ? undefined : targetStateOf(object);
    if (before && after && schedulingSignature(before) === schedulingSignature(after)) return;
    if (after) this.targets.set(name, after);
    else this.targets.delete(name);
    const affected = [...this.rules.values()].filter((rule) => [before, after].some((t) => t && isCandidate(rule, t)));
    this.queueDeploymentsOf(affected);
    for (const rule of affected) this.queue.add(keyFor(PLACEMENT_KIND, `${rule.namespace}/${rule.name}`));
    for (const key of this.placed.keysOn(name)) this.queue.add(keyFor(DEPLOYMENT_KIND, key));
  }

  private queueDeploymentsOf(rules: (PlacementRule | undefined)[]): void {
    const present = rules.filter((r): r is PlacementRule => r !== undefined);
    if (present.length === 0) return;
    for (const d of this.deploymentsOf()) {
      if (present.some((rule) => selectsDeployment(rule, d))) this.queue.add(keyFor(DEPLOYMENT_KIND, objectKey(d)));
    }
  }

  private queuePlacementsOf(deployments: (KubeObject | undefined)[]): void {
    for (const [key, rule] of this.rules) {
      if (deployments.some((d) => d && selectsDeployment(rule, d))) this.queue.add(keyFor(PLACEMENT_KIND, key));
    }
  }
}
