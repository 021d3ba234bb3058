// Brings one downstream Deployment in line with the desired state: create it, apply over it,
// or prune it — and tells the status reporter how that went. Keys come from a work queue, so
// one key is never reconciled twice at once and a failure is retried with back-off.
import type { Logger } from 'pino';
import type { Applier } from './applier.js';
import type { Desired, DesiredState } from './desired-state.js';
import { type AppliedRecord, type ApplyReason, applyReason, driftedPaths } from './drift.js';
import type { DriftThrottle } from './drift-throttle.js';
import { hasStatus, KubeApiError } from './kube-client.js';
import type { OwnedDeployments } from './owned-cache.js';
import { isOwned, notOwnedMessage } from './ownership.js';
import { appliedReport, errorReport } from './status-report.js';
import type { StatusReporter } from './status-reporter.js';
import type { KubeObject } from './types.js';

// How soon a Deployment blocked by someone else's object is looked at again.
const CONFLICT_RECHECK_MS = 30_000;

export interface ReconcilerDeps {
  target: string;
  desired: DesiredState;
  owned: OwnedDeployments;
  applier: Applier;
  reporter: StatusReporter;
  throttle: DriftThrottle;
  requeue: (key: string, delayMs: number) => void;
  log: Logger;
}

/** What the downstream API server said, for the Error entry a user reads upstream. */
export function failureMessage(error: unknown): string {
  if (error instanceof KubeApiError) return `the downstream API server refused the Deployment: ${error.status.message ?? error.message}`;
  return (error as Error).message;
}

export class Reconciler {
  private readonly records = new Map<string, AppliedRecord>();
  private readonly forced = new Set<string>();
  /** Keys blocked by someone else's object: said once at warn level, not on every re-check. */
  private readonly conflicts = new Set<string>();

  constructor(private readonly deps: ReconcilerDeps) {}

  /** The next reconcile of `key` applies even when nothing seems to differ (the periodic full re-apply). */
  force(key: string): void {
    this.forced.add(key);
  }

  async reconcile(key: string): Promise<void> {
    const forced = this.forced.delete(key);
    const desired = this.deps.desired.get(key);
    const current = this.deps.owned.get(key);
    if (!desired) return this.prune(key, current);
    // Someone is deleting it: wait for the watch to say it is gone, then create it again.
    if (current?.metadata.deletionTimestamp) return;
    let reason = applyReason(desired.manifest, desired.hash, current, this.records.get(key));
    if (!reason && forced) reason = 'resync';
    if (!reason) {
      this.deps.reporter.set(key, appliedReport(current!, desired.item.metadata.generation));
      return;
    }
    if (reason === 'drift') {
      const wait = this.deps.throttle.delay(key);
      if (wait > 0) {
        this.deps.log.warn({ event: 'drift-throttled', key, retryInMs: wait }, 'something downstream keeps changing this Deployment: correcting it less often');
        return this.deps.requeue(key, wait);
      }
    }
    try {
      const applied = current ? await this.update(key, desired, current, reason) : await this.create(key, desired);
      if (!applied) return;
      this.conflicts.delete(key);
      this.records.set(key, { uid: applied.metadata.uid!, hash: desired.hash, generation: applied.metadata.generation ?? 0 });
      this.deps.reporter.set(key, appliedReport(applied, desired.item.metadata.generation));
    } catch (error) {
      this.records.delete(key);
      const message = failureMessage(error);
      this.deps.log.error({ event: 'apply-failed', key, reason, err: message }, 'apply failed: retrying with back-off');
      this.deps.reporter.set(key, errorReport(desired.item.metadata.generation, message, current));
      throw error;
    }
  }

  private async create(key: string, desired: Desired): Promise<KubeObject | undefined> {
    const { namespace, name } = desired.item.metadata;
    const started = performance.now();
    await this.deps.applier.ensureNamespace(namespace);
    let created: KubeObject;
    try {
      created = await this.deps.applier.create(desired.manifest);
    } catch (error) {
      if (hasStatus(error, 404)) this.deps.applier.forgetNamespace(namespace);
      if (!hasStatus(error, 409)) throw error;
      return this.createConflict(key, desired);
    }
    this.deps.log.info({ event: 'apply', key, reason: 'create', generation: desired.item.metadata.generation, ms: Math.round(performance.now() - started) }, 'created');
    return created;
  }

  /** A Deployment of that name exists but is not in the agent's cache: its own (label lost), or someone else's. */
  private async createConflict(key: string, desired: Desired): Promise<KubeObject | undefined> {
    const { namespace, name, generation } = desired.item.metadata;
    const existing = await this.deps.applier.get(namespace, name);
    if (!existing) throw new Error(`deployments.apps "${name}" in "${namespace}" was deleted while being created: retrying`);
    if (isOwned(existing, this.deps.target)) return this.update(key, desired, existing, 'drift');
    const level = this.conflicts.has(key) ? 'debug' : 'warn';
    this.conflicts.add(key);
    this.deps.log[level]({ event: 'ownership-conflict', key, uid: existing.metadata.uid }, 'a Deployment of this name that the syncer does not own exists downstream: left untouched');
    this.deps.reporter.set(key, errorReport(generation, notOwnedMessage(existing, this.deps.target)));
    this.deps.requeue(key, CONFLICT_RECHECK_MS);
    return undefined;
  }

  private async update(key: string, desired: Desired, current: KubeObject, reason: ApplyReason): Promise<KubeObject> {
    const started = performance.now();
    // A uid that no longer matches (the object was replaced) throws; reconcile's catch forgets
    // the record and the watch brings the new object.
    const applied = await this.deps.applier.apply(desired.manifest, current.metadata.uid!);
    const changed = applied.metadata.resourceVersion !== current.metadata.resourceVersion;
    const ms = Math.round(performance.now() - started);
    if (changed && reason !== 'update') {
      this.deps.throttle.record(key);
      this.deps.log.info({ event: 'drift-corrected', key, reason, fields: driftedPaths(desired.manifest, current).slice(0, 20), ms }, 'reverted a downstream change');
    } else if (changed || reason === 'update') {
      this.deps.log.info({ event: 'apply', key, reason, generation: desired.item.metadata.generation, ms }, 'applied');
    }
    return applied;
  }

  private async prune(key: string, current: KubeObject | undefined): Promise<void> {
    this.records.delete(key);
    this.conflicts.delete(key);
    this.deps.throttle.forget(key);
    this.deps.reporter.forget(key);
    // Before the first feed answer nothing is known to be undesired: an outage at start must not empty the cluster.
    if (!this.deps.desired.authoritative || !current) return;
    const deleted = await this.deps.applier.delete(current);
    if (deleted) this.deps.log.info({ event: 'prune', key, uid: current.metadata.uid }, 'deleted: no longer placed on this sync target');
  }
}
