// Brings one downstream object, of any kind, in line with the desired state: create it, apply
// over it, or prune it — in dependency order (apply-order.ts) — and tells the status reporter
// how that went. Keys come from a work queue, so one key is never reconciled twice at once and
// a failure is retried with back-off; a custom resource whose definition is not served yet
// waits for it instead (definitions.ts).
import type { Logger } from 'pino';
import type { Applier } from '../downstream/applier.js';
import type { ApplyOrder } from './apply-order.js';
import type { DefinitionWaits } from './definitions.js';
import type { Desired, DesiredState } from './desired-state.js';
import { fieldDrift, onlyUndoesDrift } from './detect-only.js';
import { applyOver } from '../downstream/apply-over.js';
import { type AppliedRecord, applyReason, driftedPaths } from './drift.js';
import type { DriftThrottle } from './drift-throttle.js';
import type { InForceWaits } from './in-force.js';
import type { OwnedObjects } from '../downstream/owned-cache.js';
import { createOrResolve } from './create-object.js';
import { mappingOf } from './kind-mapping.js';
import { prune } from '../downstream/pruner.js';
import { isAutoscaled, type Retained, retainFields } from './retain.js';
import type { ResourceMapping, RestMapper } from '../downstream/rest-mapper.js';
import {
  appliedReport,
  dayTwoReport,
  errorReport,
  failureMessage,
  type StatusReport,
} from '../upstream/status-report.js';
import type { ReportSink } from '../upstream/status-reporter.js';
import { type EffectivePolicy, effectivePolicy } from './sync-policy.js';
import type { KubeObject } from '../../schemas/meta.js';
import type { DriftedField } from '../../schemas/sync-policy.js';

export interface ReconcilerDeps {
  target: string;
  desired: DesiredState;
  owned: OwnedObjects;
  mapper: RestMapper;
  applier: Applier;
  reporter: ReportSink;
  throttle: DriftThrottle;
  order: ApplyOrder;
  inForce: InForceWaits;
  definitions: DefinitionWaits;
  requeue: (key: string, delayMs: number) => void;
  log: Logger;
}

export class Reconciler {
  private readonly records = new Map<string, AppliedRecord>();
  private readonly forced = new Set<string>();
  /** Keys blocked by someone else's object: said once at warn level, not on every re-check. */
  private readonly conflicts = new Set<string>();
  /** Keys whose object the agent took over (conflictResolution Adopt), reported as adopted. */
  private readonly adopted = new Set<string>();

  constructor(private readonly deps: ReconcilerDeps) {}

  /** The next reconcile of `key` applies even when nothing seems to differ (the periodic full re-apply). */
  force(key: string): void {
    this.forced.add(key);
  }

  async reconcile(key: string): Promise<void> {
    const desired = this.deps.desired.get(key);
    if (!desired) return this.prune(key);
    const { generation } = desired.item.metadata;
    const mapping = await mappingOf(this.deps, key, desired);
    if (!mapping) return;
    this.deps.owned.watch(mapping);
    const { desired: state, order } = this.deps;
    const blockers = order.applyBlockers(key, state.keys(), (k) => state.get(k)?.hash);
    if (blockers.length > 0) {
      this.deps.log.debug({ event: 'apply-waits', key, for: blockers.slice(0, 5) }, 'waiting for what it depends on');
      return this.deps.order.park(key);
    }
    const policy = effectivePolicy(desired.item);
    if (policy.problem) {
      this.deps.order.settle(key, desired.hash);
      return this.deps.reporter.set(key, errorReport(generation, policy.problem));
    }
    const forced = this.forced.delete(key);
    const current = this.deps.owned.get(key);
    // Someone is deleting it: wait for the watch to say it is gone, then create it again.
    if (current?.metadata.deletionTimestamp) return this.deps.order.settle(key, desired.hash);
    const record = this.records.get(key);
    const kept = current ? this.retain(key, desired, current, policy) : { manifest: desired.manifest, retained: [] };
    const detect = policy.driftPolicy === 'DetectOnly';
    const report = (object: KubeObject) =>
      this.report(key, object, generation, kept.retained, detect ? fieldDrift(kept.manifest, object) : []);
    let reason = applyReason(kept.manifest, desired.hash, current, record);
    if (!reason && forced) reason = 'resync';
    const sameObject = record?.uid === current?.metadata.uid;
    if (reason === 'drift' && sameObject && driftedPaths(kept.manifest, current!).length === 0) {
      // Only fields the agent retains, or never set, changed (an autoscaler's replicas): nothing to correct.
      this.records.set(key, { ...record!, generation: current!.metadata.generation ?? 0 });
      reason = undefined;
    } else if (reason && detect && onlyUndoesDrift(reason, desired.item, current!)) {
      // DetectOnly: seen and reported, left as it is; only a new change (or an upstream one) comes back here.
      const paths = driftedPaths(kept.manifest, current!);
      const fields = { event: 'drift-detected', key, fields: paths.slice(0, 20) };
      if (paths.length > 0) this.deps.log.info(fields, 'drift left as it is');
      const { uid, generation: seen = 0 } = current!.metadata;
      this.records.set(key, { uid: uid!, hash: desired.hash, generation: seen, manifest: desired.manifest });
      reason = undefined;
    }
    if (!reason) {
      this.settleInForce(key, desired.hash, current!);
      return this.deps.reporter.set(key, report(current!));
    }
    if (reason === 'drift') {
      const wait = this.deps.throttle.delay(key);
      if (wait > 0) {
        const message = 'something downstream keeps changing this object: correcting it less often';
        this.deps.log.warn({ event: 'drift-throttled', key, retryInMs: wait }, message);
        return this.deps.requeue(key, wait);
      }
    }
    let applied: KubeObject | undefined;
    try {
      applied = current
        ? await applyOver(this.deps, key, mapping, desired, kept.manifest, current, reason)
        : await this.create(key, mapping, desired, policy);
    } catch (error) {
      this.records.delete(key);
      const message = failureMessage(error, mapping);
      this.deps.log.error({ event: 'apply-failed', key, reason, err: message }, 'apply failed: retrying with back-off');
      this.deps.reporter.set(key, errorReport(generation, message, current));
      this.deps.order.settle(key, desired.hash);
      throw error;
    }
    if (!applied) return this.deps.order.settle(key, desired.hash);
    this.conflicts.delete(key);
    const { uid, generation: applyGeneration = 0 } = applied.metadata;
    this.records.set(key, { uid: uid!, hash: desired.hash, generation: applyGeneration, manifest: desired.manifest });
    this.deps.reporter.set(key, report(applied));
    this.settleInForce(key, desired.hash, applied);
  }

  /**
   * Tried, so what depends on it may go on, once the cluster has put it in force (in-force.ts).
   * Until then it comes back here when its watch sees it change, or when the wait is over.
   */
  private settleInForce(key: string, hash: string, object: KubeObject): void {
    const wait = this.deps.inForce.remaining(key, hash, object);
    if (wait > 0) return this.deps.requeue(key, wait);
    this.deps.order.settle(key, hash);
  }

  /** What to apply over `current`: the desired object with the fields other controllers own as they are. */
  private retain(key: string, desired: Desired, current: KubeObject, policy: EffectivePolicy): Retained {
    const autoscaled = isAutoscaled(this.deps.desired, (k) => this.deps.owned.get(k) !== undefined, desired.item);
    const previous = this.records.get(key)?.manifest;
    return retainFields(desired.manifest, { current, autoscaled, ignoreFields: policy.ignoreFields, previous });
  }

  private report(
    key: string,
    object: KubeObject,
    generation: number,
    retained: string[],
    drift: DriftedField[],
  ): StatusReport {
    return dayTwoReport(appliedReport(object, generation), { retained, adopted: this.adopted.has(key), drift });
  }

  private create(
    key: string,
    mapping: ResourceMapping,
    desired: Desired,
    policy: EffectivePolicy,
  ): Promise<KubeObject | undefined> {
    const context = {
      ...this.deps,
      conflicts: this.conflicts,
      adopted: this.adopted,
      retain: (existing: KubeObject) => this.retain(key, desired, existing, policy).manifest,
      update: (manifest: KubeObject, existing: KubeObject) =>
        applyOver(this.deps, key, mapping, desired, manifest, existing, 'drift'),
    };
    return createOrResolve(context, key, mapping, desired, policy);
  }

  private prune(key: string): Promise<void> {
    this.records.delete(key);
    this.conflicts.delete(key);
    this.forced.delete(key);
    this.adopted.delete(key);
    this.deps.throttle.forget(key);
    this.deps.inForce.forget(key);
    this.deps.reporter.forget(key);
    this.deps.definitions.done(key);
    return prune(this.deps, key);
  }
}
