// A Placement's rollout as the scheduler uses it: its steps (which SyncTargets each takes, from
// spec.rollout.order), how many targets of a step may be updating at once, the pause between
// steps, the progress deadline, and when a person last resumed it (an annotation `tmc rollout
// resume` sets, so resuming needs no write to the status the scheduler owns).
import { parseDuration } from '../lib/duration.js';
import { ROLLOUT_RESUMED_ANNOTATION, ROLLOUT_REST, type Rollout } from '../schemas/rollout.js';

export interface RolloutRule {
  order: string[];
  maxUnavailable: number | string;
  pauseMs: number;
  deadlineMs: number;
  haltOnFailure: boolean;
  /** When `tmc rollout resume` last ran (ms): failures before it are forgiven, deadlines start again. */
  resumedAt?: number;
}

export interface Step {
  step: string;
  targets: string[];
}

const DEFAULT_DEADLINE_SECONDS = 600;

export function rolloutRuleOf(
  rollout: Rollout | undefined,
  annotations: Record<string, string> | undefined,
): RolloutRule | undefined {
  if (!rollout) return undefined;
  const resumed = Date.parse(annotations?.[ROLLOUT_RESUMED_ANNOTATION] ?? '');
  return {
    order: rollout.order ?? [],
    maxUnavailable: rollout.maxUnavailableTargets ?? 1,
    pauseMs: safeDuration(rollout.pauseBetweenSteps),
    deadlineMs: (rollout.progressDeadlineSeconds ?? DEFAULT_DEADLINE_SECONDS) * 1000,
    haltOnFailure: rollout.haltOnFailure ?? true,
    ...(Number.isNaN(resumed) ? {} : { resumedAt: resumed }),
  };
}

function safeDuration(text: string | undefined): number {
  try {
    return text ? parseDuration(text) : 0;
  } catch {
    return 0;
  }
}

/** Whether an entry of spec.rollout.order takes a target: its name, or one of its labels as key=value. */
function takes(entry: string, name: string, labels: Record<string, string> | undefined): boolean {
  if (entry === ROLLOUT_REST || entry === name) return true;
  const at = entry.indexOf('=');
  return at > 0 && labels?.[entry.slice(0, at)] === entry.slice(at + 1);
}

/** The steps over `targets`, in order: each target in the first that takes it; empty steps are left out. */
export function stepsOf(
  rule: RolloutRule,
  targets: readonly string[],
  labels: (name: string) => Record<string, string> | undefined,
): Step[] {
  const steps: Step[] = [...rule.order, ROLLOUT_REST].map((step) => ({ step, targets: [] }));
  for (const name of [...targets].sort()) {
    const index = rule.order.findIndex((entry) => takes(entry, name, labels(name)));
    steps[index < 0 ? rule.order.length : index]!.targets.push(name);
  }
  return steps.filter((s) => s.targets.length > 0);
}

/** How many targets of `total` may be updating at once: a count, or a percentage rounded down, at least 1. */
export function maxUnavailableOf(rule: RolloutRule, total: number): number {
  const value = rule.maxUnavailable;
  if (typeof value === 'number') return value;
  return Math.max(1, Math.floor((total * Number.parseInt(value, 10)) / 100));
}
