// The rollout plan of one object under one Placement, from what the scheduler knows: the targets
// the Placement chose for it, their labels (which step takes each) and the object's entries.
import type { SyncTargetEntry } from '../schemas/deployment.js';
import type { KubeObject } from '../schemas/meta.js';
import { type RolloutPlan, rolloutPlan } from './rollout-plan.js';
import { type RolloutRule, stepsOf } from './rollout-rules.js';
import type { TargetState } from './target-state.js';

export function objectRollout(
  rule: RolloutRule,
  object: KubeObject,
  chosen: readonly string[],
  entries: readonly SyncTargetEntry[],
  targets: ReadonlyMap<string, TargetState>,
  now: number,
): RolloutPlan {
  const steps = stepsOf(rule, chosen, (name) => targets.get(name)?.labels);
  const byName = new Map(entries.map((e) => [e.name, e]));
  return rolloutPlan(rule, object.metadata.generation ?? 0, steps, byName, now);
}
