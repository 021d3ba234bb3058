// What scheduling needs to know of a SyncTarget, read from the stored object: its labels,
// cordon and drain, and whether (and since when) it is not Ready.
import type { KubeObject } from '../schemas/meta.js';
import type { SyncTarget } from '../schemas/synctarget.js';

export interface TargetState {
  name: string;
  labels: Record<string, string>;
  unschedulable: boolean;
  /** spec.evictAfter in ms since the epoch. */
  evictAfter?: number;
  ready: boolean;
  /** The reason of the Ready condition, e.g. HeartbeatTimeout. */
  readyReason: string;
  /** When the Ready condition last left True (or the creation time), in ms; undefined while Ready. */
  notReadySince?: number;
}

const timeOf = (text: string | undefined): number | undefined => {
  const ms = text ? Date.parse(text) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
};

export function targetStateOf(object: KubeObject): TargetState {
  const target = object as unknown as SyncTarget;
  const ready = target.status?.conditions?.find((c) => c.type === 'Ready');
  const isReady = ready?.status === 'True';
  return {
    name: target.metadata.name ?? '',
    labels: target.metadata.labels ?? {},
    unschedulable: target.spec?.unschedulable === true,
    evictAfter: timeOf(target.spec?.evictAfter),
    ready: isReady,
    readyReason: ready?.reason ?? 'Unknown',
    notReadySince: isReady
      ? undefined
      : (timeOf(ready?.lastTransitionTime) ?? timeOf(target.metadata.creationTimestamp) ?? 0),
  };
}

/** Past spec.evictAfter: the target loses every Deployment. */
export const isEvicting = (target: TargetState, now: number): boolean =>
  target.evictAfter !== undefined && target.evictAfter <= now;

/** Not Ready for at least the eviction grace: a Placement with numberOfSyncTargets may move its Deployments away. */
export const isPastGrace = (target: TargetState, now: number, graceMs: number): boolean =>
  !target.ready && now - (target.notReadySince ?? 0) >= graceMs;

/** Everything scheduling reads; a change that leaves this equal (a heartbeat time, say) needs no rescheduling. */
export const schedulingSignature = (t: TargetState): string =>
  JSON.stringify([t.labels, t.unschedulable, t.evictAfter, t.ready, t.readyReason, t.notReadySince]);
