// A short history of a SyncTarget's Ready condition: the server keeps no other, and operators
// want to see when a cluster flapped. Bounded so a flapping target cannot grow its object.
import type { Condition } from '../schemas/meta.js';
import { CONDITION_HISTORY_MAX, type ReadyTransition } from '../schemas/synctarget.js';

const readyOf = (conditions: Condition[] | undefined) => conditions?.find((c) => c.type === 'Ready');

/**
 * The history after a write of `next` conditions over `previous`: one more entry, the oldest
 * dropped past the bound, when Ready's status or reason changed; else the history as it was.
 */
export function withReadyTransition(
  history: ReadyTransition[] | undefined,
  previous: Condition[] | undefined,
  next: Condition[],
  now: string,
): ReadyTransition[] | undefined {
  const before = readyOf(previous);
  const after = readyOf(next);
  if (!after || (before?.status === after.status && before.reason === after.reason)) return history;
  const entry: ReadyTransition = { time: now, status: after.status, ...(after.reason ? { reason: after.reason } : {}) };
  return [...(history ?? []), entry].slice(-CONDITION_HISTORY_MAX);
}
