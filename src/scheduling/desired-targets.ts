// The union of what every Placement that selects an object chooses for it, with the policy
// each chosen target gets, what failover did, and which targets a Placement holds changes before.
import type { SyncTargetEntry } from '../schemas/deployment.js';
import type { KubeObject } from '../schemas/meta.js';
import { mergePolicies, type SyncPolicy } from '../schemas/sync-policy.js';
import { type Choice, type Clock, type PlacementRule, chooseTargets, selects } from './placement-rules.js';
import { objectShares } from './replica-division.js';
import { holdOn, strongerHold, windowState } from './hold-rules.js';
import type { HoldReason } from '../schemas/change-hold.js';
import { type TargetState, serves } from './target-state.js';
import type { EntryRollout } from '../schemas/rollout.js';
import { objectRollout } from './rollout-object.js';

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
  const holds = new Map<string, HoldReason>();
  const rollouts = new Map<string, EntryRollout | undefined>();
  let next: number | undefined;
  let shares: Map<string, number> | undefined;
  // By name: which Placement decides the replica shares must not depend on the order they were read in.
  for (const rule of [...rules].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (!selects(rule, object)) continue;
    const choice = chooseTargets(rule, key, current, servable, clock, entries);
    // The first Placement that divides the object's replicas decides the shares.
    shares ??= objectShares(object, rule.replicaScheduling, choice.targets, targets, clock);
    // A change window opening or closing changes the holds by itself: the next time it does is a revisit.
    const windows = rule.hold ? windowState(rule.hold.windows, clock.now) : { open: true };
    if (
      choice.targets.length > 0 &&
      windows.changesAt !== undefined &&
      (next === undefined || windows.changesAt < next)
    )
      next = windows.changesAt;
    for (const name of choice.targets) {
      union.add(name);
      if (rule.policy) asked.set(name, [...(asked.get(name) ?? []), rule.policy]);
      const hold = strongerHold(holds.get(name), holdOn(rule.hold, name, windows));
      if (hold) holds.set(name, hold);
    }
    if (rule.rollout) {
      // The rollout holds the targets it has not reached yet, and those done (so the next generation waits too).
      const plan = objectRollout(rule.rollout, object, choice.targets, entries, targets, clock.now);
      for (const name of plan.holds) holds.set(name, strongerHold(holds.get(name), 'Rollout')!);
      for (const [name, record] of plan.records) rollouts.set(name, record);
      if (plan.revisitAt !== undefined && (next === undefined || plan.revisitAt < next)) next = plan.revisitAt;
    }
    for (const name of choice.failedOver ?? []) failedOver.add(name);
    for (const [to, from] of choice.movedFrom ?? []) movedFrom.set(to, [...(movedFrom.get(to) ?? []), ...from]);
    if (choice.revisitAt !== undefined && (next === undefined || choice.revisitAt < next)) next = choice.revisitAt;
  }
  const policies = new Map([...asked].map(([name, list]) => [name, mergePolicies(list)!]));
  return { targets: [...union].sort(), revisitAt: next, policies, failedOver, movedFrom, shares, holds, rollouts };
}
