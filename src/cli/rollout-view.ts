// How `tmc rollout status` shows a Placement's rollout: one line per step with a progress bar
// (how many of its objects-on-targets run the newest generation Healthy) and the step's state.
import type { Placement } from '../schemas/placement.js';
import type { RolloutStep } from '../schemas/rollout.js';

const WIDTH = 20;

export interface RolloutView {
  steps: RolloutStep[];
  halted?: string;
  complete: boolean;
}

export function viewOf(placement: Placement): RolloutView {
  const steps = placement.status?.rollout?.steps ?? [];
  const halt = placement.status?.conditions?.find((c) => c.type === 'RolloutHalted' && c.status === 'True');
  const complete = steps.length > 0 && steps.every((s) => s.state === 'Complete') && !halt;
  return { steps, ...(halt ? { halted: halt.message ?? 'the rollout halted' } : {}), complete };
}

const bar = (done: number, total: number): string => {
  const filled = total === 0 ? WIDTH : Math.round((done / total) * WIDTH);
  return `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}]`;
};

/** "step canary     [####################] 1/1 Complete (canary)" */
export function stepLine(step: RolloutStep, width: number): string {
  const name = step.step === '*' ? 'rest' : step.step;
  const targets = step.targets.join(', ');
  return `step ${name.padEnd(width)} ${bar(step.updated, step.total)} ${step.updated}/${step.total} ${step.state} (${targets})`;
}

export const stepLines = (view: RolloutView): string[] => {
  const width = Math.max(4, ...view.steps.map((s) => (s.step === '*' ? 4 : s.step.length)));
  return view.steps.map((s) => stepLine(s, width));
};
