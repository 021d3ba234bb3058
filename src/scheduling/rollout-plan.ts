// The rollout of one object across the targets one Placement chose for it, as a pure function of
// its entries, its generation and the clock, so every replica and every restart decides the same.
// A target is Done once it reports the generation Healthy; then it is held again (keeping that
// generation) so the next generation cannot reach it before its step. The first step not Done is
// the active one: its Waiting targets are given the generation while fewer than maxUnavailable
// are updating; every later step waits, held at what it last got.
import type { SyncTargetEntry } from '../schemas/deployment.js';
import type { EntryRollout, RolloutStepState } from '../schemas/rollout.js';
import { type RolloutRule, type Step, maxUnavailableOf } from './rollout-rules.js';

export type TargetState = 'Done' | 'Progressing' | 'Failed' | 'Waiting';

export interface PlannedStep extends Step {
  state: RolloutStepState;
  done: number;
  failed: string[];
}

export interface RolloutPlan {
  /** The targets the rollout holds at what they last got. */
  holds: Set<string>;
  /** Each target's rollout record, as its entry should show it (none: it has not been given any). */
  records: Map<string, EntryRollout | undefined>;
  steps: PlannedStep[];
  /** The step that failed and halted the rollout, when one did. */
  halted?: PlannedStep;
  revisitAt?: number;
}

const ms = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));

interface Judged {
  state: TargetState;
  record?: EntryRollout;
  /** For a Progressing target: when its deadline passes. */
  deadline?: number;
}

function judge(rule: RolloutRule, generation: number, entry: SyncTargetEntry | undefined, now: number): Judged {
  const own = entry?.rollout?.generation === generation ? entry.rollout : undefined;
  if (own?.healthyAt) return { state: 'Done', record: own };
  const delivered = entry === undefined ? undefined : entry.hold ? entry.hold.generation : generation;
  const healthy =
    delivered !== undefined &&
    delivered >= generation &&
    (entry?.observedGeneration ?? -1) >= generation &&
    entry?.health?.state === 'Healthy';
  const iso = new Date(now).toISOString();
  // A failure holds until a resume forgives it, even if the target reports Healthy later.
  const resumed = rule.resumedAt ?? 0;
  if (own?.failedAt !== undefined && (ms(own.failedAt) ?? 0) >= resumed) return { state: 'Failed', record: own };
  if (healthy) {
    const { failedAt: _cleared, ...base } = own ?? { generation, since: iso };
    return { state: 'Done', record: { ...base, healthyAt: iso } };
  }
  if (!own) return { state: 'Waiting', record: entry?.rollout };
  // A resume forgives the failures before it and starts the deadline again.
  const start = Math.max(ms(own.since) ?? now, resumed);
  if (now >= start + rule.deadlineMs) return { state: 'Failed', record: { ...own, failedAt: iso } };
  const { failedAt: _forgiven, ...record } = own;
  return { state: 'Progressing', record, deadline: start + rule.deadlineMs };
}

export function rolloutPlan(
  rule: RolloutRule,
  generation: number,
  steps: readonly Step[],
  entries: ReadonlyMap<string, SyncTargetEntry>,
  now: number,
): RolloutPlan {
  const total = steps.reduce((n, s) => n + s.targets.length, 0);
  const budget = maxUnavailableOf(rule, total);
  const plan: RolloutPlan = { holds: new Set(), records: new Map(), steps: [] };
  const later = (at: number) => {
    if (at > now && (plan.revisitAt === undefined || at < plan.revisitAt)) plan.revisitAt = at;
  };
  let blocked = false;
  let previousDoneAt: number | undefined;
  for (const step of steps) {
    const judged = new Map(step.targets.map((t) => [t, judge(rule, generation, entries.get(t), now)]));
    for (const [t, j] of judged) {
      plan.records.set(t, j.record);
      if (j.state === 'Done' || j.state === 'Waiting') plan.holds.add(t);
      if (j.deadline !== undefined) later(j.deadline);
    }
    const of = (state: TargetState) => [...judged].filter(([, j]) => j.state === state).map(([t]) => t);
    const failed = of('Failed');
    const planned: PlannedStep = { ...step, state: 'Complete', done: of('Done').length, failed };
    plan.steps.push(planned);
    const doneAt = Math.max(0, ...[...judged.values()].map((j) => ms(j.record?.healthyAt ?? j.record?.failedAt) ?? 0));
    const open = of('Waiting').length + of('Progressing').length + (rule.haltOnFailure ? failed.length : 0);
    if (blocked) {
      if (open > 0) planned.state = 'Waiting';
      continue;
    }
    if (open === 0) {
      previousDoneAt = doneAt;
      continue;
    }
    blocked = true;
    const started = of('Progressing').length + failed.length > 0;
    if (!started && previousDoneAt !== undefined && now < previousDoneAt + rule.pauseMs) {
      planned.state = 'Paused';
      later(previousDoneAt + rule.pauseMs);
      continue;
    }
    if (failed.length > 0 && rule.haltOnFailure) {
      planned.state = 'Failed';
      plan.halted = planned;
      continue;
    }
    planned.state = 'Progressing';
    let room = budget - of('Progressing').length;
    for (const t of of('Waiting')) {
      if (room <= 0) break;
      room -= 1;
      plan.holds.delete(t);
      plan.records.set(t, { generation, since: new Date(now).toISOString() });
      later(now + rule.deadlineMs);
    }
  }
  return plan;
}
