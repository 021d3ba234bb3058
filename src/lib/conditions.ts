// The Kubernetes rule for a condition's lastTransitionTime: it moves only when the condition's
// status changes, not when its reason or message does.
import type { Condition } from '../schemas/meta.js';

/** The lastTransitionTime of a condition now `status`, given the one it replaces (if any). */
export function transitionTime(
  before: Pick<Condition, 'status' | 'lastTransitionTime'> | undefined,
  status: string,
  now: string,
): string {
  return before?.status === status && before.lastTransitionTime ? before.lastTransitionTime : now;
}
