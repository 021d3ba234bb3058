// The Mirrored condition in a SyncTarget record's own status: True once kcp holds the record's
// current state, False with the last error while it does not. Written only when status, reason
// or message change, so a long kcp outage costs one write per target, not one per retry.
import { updateTargetStatus } from '../heartbeat/status-writer.js';
import type { Condition, KubeObject } from '../schemas/meta.js';
import type { Store } from '../store/types.js';
import { MIRRORED } from './desired.js';
import { transitionTime } from '../lib/conditions.js';

export interface MirroredState {
  status: 'True' | 'False';
  reason: string;
  message: string;
}

const same = (condition: Condition | undefined, state: MirroredState): boolean =>
  condition?.status === state.status && condition.reason === state.reason && condition.message === state.message;

export const mirroredOf = (record: KubeObject): Condition | undefined =>
  ((record.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).find((c) => c.type === MIRRORED);

/** Writes `state` unless the record already says so; resolves with whether it wrote. */
export async function recordMirrored(store: Store, record: KubeObject, state: MirroredState): Promise<boolean> {
  if (same(mirroredOf(record), state)) return false;
  let wrote = false;
  await updateTargetStatus(store, record.metadata.name ?? '', record.metadata.uid ?? '', (status) => {
    const conditions = status.conditions ?? [];
    const before = conditions.find((c) => c.type === MIRRORED);
    if (same(before, state)) return undefined;
    const next: Condition = {
      type: MIRRORED,
      ...state,
      lastTransitionTime: transitionTime(before, state.status, new Date().toISOString()),
    };
    wrote = true;
    return { ...status, conditions: [...conditions.filter((c) => c.type !== MIRRORED), next] };
  });
  return wrote;
}
