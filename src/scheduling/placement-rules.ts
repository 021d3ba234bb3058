// The scheduling decision as pure functions of the current state, so it is deterministic (the
// same inputs give the same choice) and testable without a server.
//
// Each Placement that selects an object (a Deployment, a ConfigMap...) contributes the targets it
// chooses for it; the object is placed on the union. Without numberOfSyncTargets a Placement chooses every
// candidate. With it, candidates are ranked and the best N taken:
//   0. already placed there and not past the grace (ties: Ready first, then by hash)
//   1. new and Ready
//   2. already placed there but not Ready for longer than the grace (kept unless a Ready one can take over)
//   3. new, not Ready, within the grace
//   4. new, not Ready for longer than the grace
// so a healthy placement never moves, a failed one moves only to a Ready target, and ties are
// broken by a stable hash of the object's namespace/name and the target, which spreads objects
// evenly (and puts same-named objects of several kinds together when nothing else decides).
import { createHash } from 'node:crypto';
import { type Requirement, matches, selectorRequirements } from '../lib/label-selector.js';
import type { KubeObject } from '../schemas/meta.js';
import type { Placement } from '../schemas/placement.js';
import { type ObjectSelector, objectSelector } from './object-selectors.js';
import { type RolloutRule, rolloutRuleOf } from './rollout-rules.js';
import type { EntryRollout } from '../schemas/rollout.js';

export { type ObjectSelector, objectSelector, selectedKinds, selects } from './object-selectors.js';
import type { ReplicaScheduling } from '../schemas/replica-scheduling.js';
import { mergePolicies, type SyncPolicy } from '../schemas/sync-policy.js';
import { type TargetState, isEvicting, isPastGrace } from './target-state.js';
import type { SyncTargetEntry } from '../schemas/deployment.js';
import { type FailoverRule, failoverRuleOf } from './failover.js';
import { chooseWithFailover } from './failover-choice.js';
import { type HoldRule, holdRuleOf } from './hold-rules.js';
import type { HoldReason } from '../schemas/change-hold.js';

export interface PlacementRule {
  namespace: string;
  name: string;
  selectors: ObjectSelector[];
  targetSelector?: Requirement[];
  targetNames: Set<string>;
  numberOfSyncTargets?: number;
  /** The day-two policy it gives its objects on the targets it chooses, when it gives one. */
  policy?: SyncPolicy;
  replicaScheduling?: ReplicaScheduling;
  /** spec.failover, kept only with numberOfSyncTargets (there is nowhere to move otherwise). */
  failover?: FailoverRule;
  /** suspend, suspendTargets and changeWindows, when it has any. */
  hold?: HoldRule;
  /** spec.rollout, with when it was last resumed. */
  rollout?: RolloutRule;
}

export interface Clock {
  now: number;
  graceMs: number;
}

export interface Choice {
  targets: string[];
  /** The next time the choice may change by itself (a grace or an evictAfter running out), in ms. */
  revisitAt?: number;
  /** Per chosen target, the merged policy of the Placements that chose it (none: defaults). */
  policies?: Map<string, SyncPolicy>;
  /** Per chosen target held by a Placement that chose it, why (suspended or outside its change windows). */
  holds?: Map<string, HoldReason>;
  /** Per chosen target, its share of the replicas when a Placement divides them. */
  shares?: Map<string, number>;
  /** Targets the object failed over from that purgeMode keeps for now. */
  failedOver?: Set<string>;
  /** Per target the object fails over to now, the targets it leaves. */
  movedFrom?: Map<string, string[]>;
  /** Per target of a Placement with a rollout, the rollout record its entry shows. */
  rollouts?: Map<string, EntryRollout | undefined>;
}

/**
 * deploymentSelector is shorthand for a Deployment selector; absent, it selects every Deployment
 * unless resourceSelectors is given.
 */
function selectorsOf(spec: Placement['spec']): ObjectSelector[] {
  const selectors = (spec.resourceSelectors ?? []).map(objectSelector);
  if (spec.deploymentSelector !== undefined || spec.resourceSelectors === undefined) {
    const labels = selectorRequirements(spec.deploymentSelector);
    selectors.push({ apiVersion: 'apps/v1', kind: 'Deployment', labels });
  }
  return selectors;
}

export function ruleOf(object: KubeObject): PlacementRule {
  const spec = (object as unknown as Placement).spec;
  return {
    namespace: object.metadata.namespace ?? '',
    name: object.metadata.name ?? '',
    selectors: selectorsOf(spec),
    targetSelector: spec.syncTargetSelector ? selectorRequirements(spec.syncTargetSelector) : undefined,
    targetNames: new Set(spec.syncTargetNames ?? []),
    numberOfSyncTargets: spec.numberOfSyncTargets,
    replicaScheduling: spec.replicaScheduling,
    failover: spec.numberOfSyncTargets === undefined ? undefined : failoverRuleOf(spec.failover),
    hold: holdRuleOf(spec),
    rollout: rolloutRuleOf(spec.rollout, object.metadata.annotations),
    policy: mergePolicies([
      {
        ...(spec.ignoreFields ? { ignoreFields: spec.ignoreFields } : {}),
        ...(spec.conflictResolution ? { conflictResolution: spec.conflictResolution } : {}),
        ...(spec.deletionPolicy ? { deletionPolicy: spec.deletionPolicy } : {}),
        ...(spec.driftPolicy ? { driftPolicy: spec.driftPolicy } : {}),
      },
    ]),
  };
}

export const isCandidate = (rule: PlacementRule, target: TargetState): boolean =>
  rule.targetNames.has(target.name) ||
  (rule.targetSelector !== undefined && matches(rule.targetSelector, target.labels));

/** A stable pseudo-random rank of a target for one object (stated in the README: placements depend on it). */
const spreadHash = (deploymentKey: string, target: string): string =>
  createHash('sha256').update(`${deploymentKey}\n${target}`).digest('hex').slice(0, 16);

export function chooseTargets(
  rule: PlacementRule,
  deploymentKey: string,
  current: ReadonlySet<string>,
  targets: Iterable<TargetState>,
  clock: Clock,
  entries: readonly SyncTargetEntry[] = [],
): Choice {
  const usable = [...targets].filter(
    (t) => isCandidate(rule, t) && !isEvicting(t, clock.now) && (!t.unschedulable || current.has(t.name)),
  );
  const limit = rule.numberOfSyncTargets;
  if (limit !== undefined && rule.failover) {
    const ranked = rankForSpread(usable, deploymentKey, current, clock);
    const ready = new Map(usable.map((t) => [t.name, t.ready]));
    const choice = chooseWithFailover(
      ranked.map((t) => t.name),
      limit,
      current,
      entries,
      rule.failover,
      (name) => ready.get(name) ?? false,
      clock.now,
    );
    const chosen = ranked.filter((t) => choice.targets.includes(t.name));
    const times = [revisitAt(chosen, true, clock), choice.revisitAt].filter((t) => t !== undefined);
    const next = times.length > 0 ? Math.min(...times) : undefined;
    return { targets: choice.targets, revisitAt: next, failedOver: choice.failedOver, movedFrom: choice.movedFrom };
  }
  const chosen = limit === undefined ? usable : rankForSpread(usable, deploymentKey, current, clock).slice(0, limit);
  return { targets: chosen.map((t) => t.name), revisitAt: revisitAt(chosen, limit !== undefined, clock) };
}

function rankForSpread(
  usable: TargetState[],
  deploymentKey: string,
  current: ReadonlySet<string>,
  clock: Clock,
): TargetState[] {
  const tier = (t: TargetState): number => {
    const expired = isPastGrace(t, clock.now, clock.graceMs);
    if (current.has(t.name)) return expired ? 2 : 0;
    if (t.ready) return 1;
    return expired ? 4 : 3;
  };
  const keyed = usable.map((t) => ({ t, key: [tier(t), t.ready ? 0 : 1, spreadHash(deploymentKey, t.name)] as const }));
  keyed.sort(
    (a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || (a.key[2] < b.key[2] ? -1 : a.key[2] > b.key[2] ? 1 : 0),
  );
  return keyed.map((k) => k.t);
}

function revisitAt(chosen: TargetState[], failsOver: boolean, clock: Clock): number | undefined {
  let next: number | undefined;
  const consider = (at: number | undefined) => {
    if (at !== undefined && at > clock.now && (next === undefined || at < next)) next = at;
  };
  for (const t of chosen) {
    consider(t.evictAfter);
    if (failsOver && !t.ready) consider((t.notReadySince ?? 0) + clock.graceMs);
  }
  return next;
}
