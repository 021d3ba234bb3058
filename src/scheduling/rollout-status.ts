// What a Placement's status says of its rollout: each step's progress over every selected object
// (status.rollout, which `tmc rollout status` draws), and the RolloutHalted condition naming the
// step that failed, where, and what to do next.
import { transitionTime } from '../lib/conditions.js';
import type { Condition, KubeObject } from '../schemas/meta.js';
import type { RolloutStatus, RolloutStepState } from '../schemas/rollout.js';
import type { PlacementRule } from './placement-rules.js';
import type { RolloutPlan } from './rollout-plan.js';
import { objectRollout } from './rollout-object.js';
import { entriesOf } from './status-entries.js';
import type { TargetState } from './target-state.js';

const SHOWN = 5;
// The state of a step over several objects: the one furthest from done.
const RANK: RolloutStepState[] = ['Failed', 'Progressing', 'Paused', 'Waiting', 'Complete'];
const worse = (a: RolloutStepState, b: RolloutStepState) => (RANK.indexOf(a) <= RANK.indexOf(b) ? a : b);

export interface RolloutReport {
  rollout: RolloutStatus;
  condition: Condition;
}

function halts(object: KubeObject, plan: RolloutPlan): string | undefined {
  const step = plan.halted;
  if (!step) return undefined;
  const name = `${object.kind} ${object.metadata.name}`;
  return `${name} generation ${object.metadata.generation ?? 0}: step ${step.step} failed on ${step.failed.join(', ')}`;
}

/** The rollout part of the status, or undefined for a Placement without spec.rollout. */
export function rolloutReport(
  rule: PlacementRule,
  objects: readonly KubeObject[],
  candidates: ReadonlySet<string>,
  targets: ReadonlyMap<string, TargetState>,
  previous: Condition[] | undefined,
  now: number,
): RolloutReport | undefined {
  if (!rule.rollout) return undefined;
  const steps = new Map<string, RolloutStatus['steps'][number]>();
  const halted: string[] = [];
  for (const object of objects) {
    const entries = entriesOf(object.status).filter((e) => candidates.has(e.name) && e.reason !== 'DependencyOf');
    const chosen = entries.map((e) => e.name);
    const plan = objectRollout(rule.rollout, object, chosen, entries, targets, now);
    const failure = halts(object, plan);
    if (failure) halted.push(failure);
    for (const step of plan.steps) {
      const sum = steps.get(step.step) ?? { step: step.step, targets: [], total: 0, updated: 0, state: 'Complete' };
      sum.targets = [...new Set([...sum.targets, ...step.targets])].sort();
      sum.total += step.targets.length;
      sum.updated += step.done;
      sum.state = worse(sum.state, step.state);
      steps.set(step.step, sum);
    }
  }
  const order = [...rule.rollout.order, '*'];
  const rollout = { steps: [...steps.values()].sort((a, b) => order.indexOf(a.step) - order.indexOf(b.step)) };
  const status = halted.length > 0 ? 'True' : 'False';
  const complete = rollout.steps.every((s) => s.state === 'Complete');
  const shown =
    halted.sort().slice(0, SHOWN).join('; ') + (halted.length > SHOWN ? `; and ${halted.length - SHOWN} more` : '');
  const seconds = rule.rollout.deadlineMs / 1000;
  const message =
    halted.length > 0
      ? `${shown} (not Healthy within ${seconds}s); later steps keep the last good generation. ` +
        'Fix the cause and run `tmc rollout resume`, or `tmc rollout undo` to go back'
      : complete
        ? 'every step is Healthy at the newest generation'
        : 'rolling out step by step';
  const before = previous?.find((c) => c.type === 'RolloutHalted');
  const condition: Condition = {
    type: 'RolloutHalted',
    status,
    reason: halted.length > 0 ? 'ProgressDeadlineExceeded' : complete ? 'RolloutComplete' : 'RolloutProgressing',
    message,
    lastTransitionTime: transitionTime(before, status, new Date(now).toISOString()),
  };
  return { rollout, condition };
}
