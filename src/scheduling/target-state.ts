// What scheduling needs to know of a SyncTarget, read from the stored object: its labels,
// cordon and drain, and whether (and since when) it is not Ready.
import { CRD_API_VERSION, CRD_KIND } from '../schemas/crd.js';
import { kindEntry } from '../schemas/kinds.js';
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
  /** The apiVersion/kind pairs its cluster serves; undefined until its agent reports them. */
  served?: ReadonlySet<string>;
  /** The digest the agent gave with them: what the scheduling signature compares. */
  servedHash?: string;
  /** Pods the cluster can still take: as reported, else its allocatable pods; undefined when unknown. */
  freePods?: number;
}

/** The key of a kind in TargetState.served. */
export const servedKey = (apiVersion: string, kind: string): string => `${apiVersion}/${kind}`;

const podCount = (quantity: string | undefined): number | undefined => {
  const n = quantity === undefined ? NaN : Number(quantity);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
};

function servedOf(target: SyncTarget): ReadonlySet<string> | undefined {
  const resources = target.status?.apiResources;
  if (resources === undefined) return undefined;
  // Subresources (deployments/scale) share their parent's kind or name another: only top-level ones serve a kind.
  const top = resources.filter((r) => !r.resource.includes('/'));
  return new Set(top.map((r) => servedKey(r.group ? `${r.group}/${r.version}` : r.version, r.kind)));
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
    served: servedOf(target),
    freePods: target.status?.freePods ?? podCount(target.status?.allocatable?.pods),
    servedHash: target.status?.apiResources === undefined ? undefined : (target.status.apiResourcesHash ?? ''),
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
  JSON.stringify([
    t.labels,
    t.unschedulable,
    t.evictAfter,
    t.ready,
    t.readyReason,
    t.notReadySince,
    t.freePods,
    t.served === undefined ? null : (t.servedHash ?? [...t.served].sort()),
  ]);

/** Whether a target serves a kind: one whose agent has reported nothing yet serves every kind. */
export const serves = (target: TargetState, apiVersion: string, kind: string): boolean => {
  if (target.served === undefined) return true;
  // Any kind not built in is a custom resource, and its definition goes along with it (the feed
  // carries it): the cluster need only take definitions, not serve the kind already.
  if (kindEntry(kind) === undefined) return target.served.has(servedKey(CRD_API_VERSION, CRD_KIND));
  return target.served.has(servedKey(apiVersion, kind));
};
