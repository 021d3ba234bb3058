// Brings one downstream object, of any kind, in line with the desired state: create it, apply
// over it, or prune it — in dependency order (apply-order.ts) — and tells the status reporter
// how that went. Keys come from a work queue, so one key is never reconciled twice at once and
// a failure is retried with back-off.
import type { Logger } from 'pino';
import type { Applier } from './applier.js';
import type { ApplyOrder } from './apply-order.js';
import type { Desired, DesiredState } from './desired-state.js';
import { type AppliedRecord, type ApplyReason, applyReason, driftedPaths } from './drift.js';
import type { DriftThrottle } from './drift-throttle.js';
import { hasStatus, KubeApiError } from './kube-client.js';
import type { OwnedObjects } from './owned-cache.js';
import { isOwned, type KindNames, notOwnedMessage } from './ownership.js';
import type { ResourceMapping, RestMapper } from './rest-mapper.js';
import { appliedReport, errorReport } from './status-report.js';
import type { ReportSink } from './status-reporter.js';
import type { KubeObject } from '../schemas/meta.js';

// How soon an object blocked by someone else's object is looked at again.
const CONFLICT_RECHECK_MS = 30_000;

export interface ReconcilerDeps {
  target: string;
  desired: DesiredState;
  owned: OwnedObjects;
  mapper: RestMapper;
  applier: Applier;
  reporter: ReportSink;
  throttle: DriftThrottle;
  order: ApplyOrder;
  requeue: (key: string, delayMs: number) => void;
  log: Logger;
}

const namesOf = (mapping: ResourceMapping): KindNames =>
  ({ resource: mapping.group ? `${mapping.resource}.${mapping.group}` : mapping.resource, kind: mapping.kind });

/** What the downstream API server said, for the Error entry a user reads upstream. */
export function failureMessage(error: unknown, kind = 'Deployment'): string {
  if (error instanceof KubeApiError) {
    return `the downstream API server refused the ${kind}: ${error.status.message ?? error.message}`;
  }
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
    const desired = this.deps.desired.get(key);
    if (!desired) return this.prune(key);
    const { generation } = desired.item.metadata;
    let mapping: ResourceMapping;
    try {
      mapping = await this.deps.mapper.mapping(desired.item.apiVersion, desired.item.kind);
    } catch (error) {
      this.deps.order.settle(key, desired.hash);
      this.deps.reporter.set(key, errorReport(generation, (error as Error).message));
      throw error;
    }
    if (!mapping.namespaced) {
      // Placements are namespaced; a tenant's object must never turn into a cluster-wide one.
      this.deps.order.settle(key, desired.hash);
      const message = `${mapping.kind} is cluster-scoped downstream: the syncer applies namespaced kinds only`;
      return this.deps.reporter.set(key, errorReport(generation, message));
    }
    this.deps.owned.watch(mapping);
    const { desired: state, order } = this.deps;
    const blockers = order.applyBlockers(key, state.keys(), (k) => state.get(k)?.hash);
    if (blockers.length > 0) {
      this.deps.log.debug({ event: 'apply-waits', key, for: blockers.slice(0, 5) }, 'waiting for what it depends on');
      return this.deps.order.park(key);
    }
    const forced = this.forced.delete(key);
    const current = this.deps.owned.get(key);
    // Someone is deleting it: wait for the watch to say it is gone, then create it again.
    if (current?.metadata.deletionTimestamp) return this.deps.order.settle(key, desired.hash);
    let reason = applyReason(desired.manifest, desired.hash, current, this.records.get(key));
    if (!reason && forced) reason = 'resync';
    if (!reason) {
      this.deps.order.settle(key, desired.hash);
      return this.deps.reporter.set(key, appliedReport(current!, generation));
    }
    if (reason === 'drift') {
      const wait = this.deps.throttle.delay(key);
      if (wait > 0) {
        const message = 'something downstream keeps changing this object: correcting it less often';
        this.deps.log.warn({ event: 'drift-throttled', key, retryInMs: wait }, message);
        return this.deps.requeue(key, wait);
      }
    }
    try {
      const applied = current
        ? await this.update(key, mapping, desired, current, reason)
        : await this.create(key, mapping, desired);
      if (!applied) return;
      this.conflicts.delete(key);
      this.records.set(key, { uid: applied.metadata.uid!, hash: desired.hash, generation: applied.metadata.generation ?? 0 });
      this.deps.reporter.set(key, appliedReport(applied, generation));
    } catch (error) {
      this.records.delete(key);
      const message = failureMessage(error, mapping.kind);
      this.deps.log.error({ event: 'apply-failed', key, reason, err: message }, 'apply failed: retrying with back-off');
      this.deps.reporter.set(key, errorReport(generation, message, current));
      throw error;
    } finally {
      this.deps.order.settle(key, desired.hash);
    }
  }

  private async create(key: string, mapping: ResourceMapping, desired: Desired): Promise<KubeObject | undefined> {
    const { namespace } = desired.item.metadata;
    const started = performance.now();
    await this.deps.applier.ensureNamespace(namespace);
    let created: KubeObject;
    try {
      created = await this.deps.applier.create(mapping, desired.manifest);
    } catch (error) {
      if (hasStatus(error, 404)) this.deps.applier.forgetNamespace(namespace);
      if (!hasStatus(error, 409)) throw error;
      return this.createConflict(key, mapping, desired);
    }
    this.deps.log.info({ event: 'apply', key, reason: 'create', generation: desired.item.metadata.generation, ms: Math.round(performance.now() - started) }, 'created');
    return created;
  }

  /** An object of that name exists but is not in the agent's cache: its own (label lost), or someone else's. */
  private async createConflict(
    key: string, mapping: ResourceMapping, desired: Desired,
  ): Promise<KubeObject | undefined> {
    const { namespace, name, generation } = desired.item.metadata;
    const existing = await this.deps.applier.get(mapping, namespace, name);
    const names = namesOf(mapping);
    if (!existing) {
      throw new Error(`${names.resource} "${name}" in "${namespace}" was deleted while being created: retrying`);
    }
    if (isOwned(existing, this.deps.target)) return this.update(key, mapping, desired, existing, 'drift');
    const level = this.conflicts.has(key) ? 'debug' : 'warn';
    this.conflicts.add(key);
    const message = 'an object of this kind and name that the syncer does not own exists downstream: left untouched';
    this.deps.log[level]({ event: 'ownership-conflict', key, uid: existing.metadata.uid }, message);
    this.deps.reporter.set(key, errorReport(generation, notOwnedMessage(existing, this.deps.target, names)));
    this.deps.requeue(key, CONFLICT_RECHECK_MS);
    return undefined;
  }

  private async update(
    key: string, mapping: ResourceMapping, desired: Desired, current: KubeObject, reason: ApplyReason,
  ): Promise<KubeObject> {
    const started = performance.now();
    // A uid that no longer matches (the object was replaced) throws; reconcile's catch forgets
    // the record and the watch brings the new object.
    const applied = await this.deps.applier.apply(mapping, desired.manifest, current.metadata.uid!);
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

  private async prune(key: string): Promise<void> {
    this.records.delete(key);
    this.conflicts.delete(key);
    this.forced.delete(key);
    this.deps.throttle.forget(key);
    this.deps.reporter.forget(key);
    const current = this.deps.owned.get(key);
    const mapping = this.deps.owned.mappingOf(key);
    if (!current || !mapping) return this.deps.order.forget(key);
    // Before the first feed answer nothing is known to be undesired: an outage at start must not empty the cluster.
    if (!this.deps.desired.authoritative) return;
    const { desired, owned, order } = this.deps;
    const blockers = order.pruneBlockers(key, owned.keys(), (k) => desired.get(k) !== undefined);
    if (blockers.length > 0) return this.deps.order.park(key);
    try {
      const deleted = await this.deps.applier.delete(mapping, current);
      const fields = { event: 'prune', key, uid: current.metadata.uid };
      if (deleted) this.deps.log.info(fields, 'deleted: no longer placed on this sync target');
    } finally {
      this.deps.order.settle(key);
    }
  }
}
