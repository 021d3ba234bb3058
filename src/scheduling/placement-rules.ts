// The scheduling decision as pure functions of the current state, so it is deterministic (the
// same inputs give the same choice) and testable without a server.
//
// Each Placement that selects a Deployment contributes the targets it chooses for it; the
// Deployment is placed on the union. Without numberOfSyncTargets a Placement chooses every
// candidate. With it, candidates are ranked and the best N taken:
//   0. already placed there and not past the grace (ties: Ready first, then by hash)
//   1. new and Ready
//   2. already placed there but not Ready for longer than the grace (kept unless a Ready one can take over)
//   3. new, not Ready, within the grace
//   4. new, not Ready for longer than the grace
// so a healthy placement never moves, a failed one moves only to a Ready target, and ties are
// broken by a stable hash of the Deployment and the target, which spreads Deployments evenly.
import { createHash } from 'node:crypto';
import { type Requirement, matches, selectorRequirements } from '../lib/label-selector.js';
import type { KubeObject } from '../schemas/meta.js';
import type { Placement } from '../schemas/placement.js';
import { type TargetState, isEvicting, isPastGrace } from './target-state.js';

export interface PlacementRule {
  namespace: string;
  name: string;
  deployments: Requirement[];
  targetSelector?: Requirement[];
  targetNames: Set<string>;
  numberOfSyncTargets?: number;
}

export interface Clock {
  now: number;
  graceMs: number;
}

export interface Choice {
  targets: string[];
  /** The next time the choice may change by itself (a grace or an evictAfter running out), in ms. */
  revisitAt?: number;
}

export function ruleOf(object: KubeObject): PlacementRule {
  const spec = (object as unknown as Placement).spec;
  return {
    namespace: object.metadata.namespace ?? '',
    name: object.metadata.name ?? '',
    deployments: selectorRequirements(spec.deploymentSelector),
    targetSelector: spec.syncTargetSelector ? selectorRequirements(spec.syncTargetSelector) : undefined,
    targetNames: new Set(spec.syncTargetNames ?? []),
    numberOfSyncTargets: spec.numberOfSyncTargets,
  };
}

export const selectsDeployment = (rule: PlacementRule, deployment: KubeObject): boolean =>
  rule.namespace === deployment.metadata.namespace && matches(rule.deployments, deployment.metadata.labels);

export const isCandidate = (rule: PlacementRule, target: TargetState): boolean =>
  rule.targetNames.has(target.name) || (rule.targetSelector !== undefined && matches(rule.targetSelector, target.labels));

/** A stable pseudo-random rank of a target for one Deployment (stated in the README: placements depend on it). */
const spreadHash = (deploymentKey: string, target: string): string =>
  createHash('sha256').update(`${deploymentKey}\n${target}`).digest('hex').slice(0, 16);

export function chooseTargets(rule: PlacementRule, deploymentKey: string, current: ReadonlySet<string>, targets: Iterable<TargetState>, clock: Clock): Choice {
  const usable = [...targets].filter((t) => isCandidate(rule, t) && !isEvicting(t, clock.now) && (!t.unschedulable || current.has(t.name)));
  const limit = rule.numberOfSyncTargets;
  const chosen = limit === undefined ? usable : rankForSpread(usable, deploymentKey, current, clock).slice(0, limit);
  return { targets: chosen.map((t) => t.name), revisitAt: revisitAt(chosen, limit !== undefined, clock) };
}

function rankForSpread(usable: TargetState[], deploymentKey: string, current: ReadonlySet<string>, clock: Clock): TargetState[] {
  const tier = (t: TargetState): number => {
    const expired = isPastGrace(t, clock.now, clock.graceMs);
    if (current.has(t.name)) return expired ? 2 : 0;
    if (t.ready) return 1;
    return expired ? 4 : 3;
  };
  const keyed = usable.map((t) => ({ t, key: [tier(t), t.ready ? 0 : 1, spreadHash(deploymentKey, t.name)] as const }));
  keyed.sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || (a.key[2] < b.key[2] ? -1 : a.key[2] > b.key[2] ? 1 : 0));
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

/** The union of what every selecting Placement chooses for a Deployment. */
export function desiredTargets(deployment: KubeObject, current: ReadonlySet<string>, rules: Iterable<PlacementRule>, targets: ReadonlyMap<string, TargetState>, clock: Clock): Choice {
  const key = `${deployment.metadata.namespace}/${deployment.metadata.name}`;
  const union = new Set<string>();
  let next: number | undefined;
  for (const rule of rules) {
    if (!selectsDeployment(rule, deployment)) continue;
    const choice = chooseTargets(rule, key, current, targets.values(), clock);
    for (const name of choice.targets) union.add(name);
    if (choice.revisitAt !== undefined && (next === undefined || choice.revisitAt < next)) next = choice.revisitAt;
  }
  return { targets: [...union].sort(), revisitAt: next };
}
