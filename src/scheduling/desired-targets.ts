// The union of what every Placement that selects an object chooses for it, with the policy
// each chosen target gets and what failover did.
import type { SyncTargetEntry } from '../schemas/deployment.js';
import type { KubeObject } from '../schemas/meta.js';
import { mergePolicies, type SyncPolicy } from '../schemas/sync-policy.js';
import { type Choice, type Clock, type PlacementRule, chooseTargets, selects } from './placement-rules.js';
import { objectShares } from './replica-division.js';
import { type TargetState, serves } from './target-state.js';

export function desiredTargets(
  object: KubeObject,
  current: ReadonlySet<string>,
  rules: Iterable<PlacementRule>,
  targets: ReadonlyMap<string, TargetState>,
  clock: Clock,
  entries: readonly SyncTargetEntry[] = [],
): Choice {
  const key = `${object.metadata.namespace}/${object.metadata.name}`;
  // A target whose cluster does not serve the kind could only fail to apply it (APINotServed in the Placement).
  const servable = [...targets.values()].filter((t) => serves(t, object.apiVersion, object.kind));
  const union = new Set<string>();
  const asked = new Map<string, SyncPolicy[]>();
  const failedOver = new Set<string>();
  const movedFrom = new Map<string, string[]>();
  let next: number | undefined;
  let shares: Map<string, number> | undefined;
  // By name: which Placement decides the replica shares must not depend on the order they were read in.
  for (const rule of [...rules].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (!selects(rule, object)) continue;
    const choice = chooseTargets(rule, key, current, servable, clock, entries);
    // The first Placement that divides the object's replicas decides the shares.
    shares ??= objectShares(object, rule.replicaScheduling, choice.targets, targets, clock);
    for (const name of choice.targets) {
      union.add(name);
      if (rule.policy) asked.set(name, [...(asked.get(name) ?? []), rule.policy]);
    }
    for (const name of choice.failedOver ?? []) failedOver.add(name);
    for (const [to, from] of choice.movedFrom ?? []) movedFrom.set(to, [...(movedFrom.get(to) ?? []), ...from]);
    if (choice.revisitAt !== undefined && (next === undefined || choice.revisitAt < next)) next = choice.revisitAt;
  }
  const policies = new Map([...asked].map(([name, list]) => [name, mergePolicies(list)!]));
  return { targets: [...union].sort(), revisitAt: next, policies, failedOver, movedFrom, shares };
}
