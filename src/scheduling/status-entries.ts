// An object's status.syncTargets and its totals, as pure functions shared by the scheduler
// (which adds and removes entries, says why each is there and marks them Stale) and the agents'
// status reports (which fill them in). An entry is Stale while its SyncTarget is not Ready;
// otherwise it shows the agent's last report, or Pending before the first one. Totals count
// fresh reports only.
import { jsonEqual } from '../lib/merge-patch.js';
import {
  DEPLOYMENT_KIND,
  type DeploymentStatus,
  type PlacedObjectReference,
  type SyncTargetEntry,
} from '../schemas/deployment.js';
import type { KubeObject } from '../schemas/meta.js';
import type { SyncPolicy } from '../schemas/sync-policy.js';
import type { HoldReason } from '../schemas/change-hold.js';
import type { EntryRollout } from '../schemas/rollout.js';
import { observedOf } from './observed-generation.js';
import { merged, without } from '../lib/plain-objects.js';
import { summedStatus } from './summed-status.js';

export const PENDING_MESSAGE = 'waiting for the first status report of the syncer agent';

export const stateFor = (entry: SyncTargetEntry, ready: boolean): SyncTargetEntry['state'] =>
  ready ? (entry.reportedState ?? 'Pending') : 'Stale';

export function newEntry(name: string, ready: boolean, now: string): SyncTargetEntry {
  return { name, state: ready ? 'Pending' : 'Stale', message: PENDING_MESSAGE, lastUpdateTime: now };
}

/** The entry with the state its target's readiness implies; the same object when nothing changes. */
export function withReadiness(entry: SyncTargetEntry, ready: boolean, now: string): SyncTargetEntry {
  const state = stateFor(entry, ready);
  return state === entry.state ? entry : { ...entry, state, lastUpdateTime: now };
}

/**
 * The entries for `desired` (sorted by name): kept ones keep their report, new ones start
 * Pending (or Stale on a target that is not Ready), and targets no longer desired are dropped.
 */
export function reconcileEntries(
  current: readonly SyncTargetEntry[],
  desired: readonly string[],
  isReady: (name: string) => boolean,
  now: string,
): SyncTargetEntry[] {
  const byName = new Map(current.map((e) => [e.name, e]));
  return [...desired].sort().map((name) => {
    const entry = byName.get(name);
    return entry ? withReadiness(entry, isReady(name), now) : newEntry(name, isReady(name), now);
  });
}

/** Why an object is on a target: selected by a Placement, or needed by the objects placed there. */
export type PlacedReason = { reason: 'Selected' } | { reason: 'DependencyOf'; dependencyOf: PlacedObjectReference[] };

/** The entry saying why it is there; the same object when it already says so. */
export function withReason(entry: SyncTargetEntry, why: PlacedReason, now: string): SyncTargetEntry {
  const dependencyOf = why.reason === 'DependencyOf' ? why.dependencyOf : undefined;
  if (entry.reason === why.reason && jsonEqual(entry.dependencyOf, dependencyOf)) return entry;
  return without(entry, ['dependencyOf'], why, { lastUpdateTime: now });
}

/** The entry naming the Overrides applied there (none: no field); the same object when it already does. */
export function withOverrides(entry: SyncTargetEntry, names: readonly string[], now: string): SyncTargetEntry {
  if (names.length === 0 ? entry.overrides === undefined : jsonEqual(entry.overrides ?? [], names)) return entry;
  return without(entry, ['overrides'], names.length > 0 ? { overrides: [...names] } : undefined, {
    lastUpdateTime: now,
  });
}

/** The entry with the day-two policy the Placements that chose this target give it; the same object when unchanged. */
export function withPolicy(entry: SyncTargetEntry, policy: SyncPolicy | undefined, now: string): SyncTargetEntry {
  if (jsonEqual(entry.policy, policy)) return entry;
  return without(entry, ['policy'], policy && { policy }, { lastUpdateTime: now });
}

/** The entry with its share of the replicas (none: the object's own spec.replicas). */
export function withShare(entry: SyncTargetEntry, share: number | undefined, now: string): SyncTargetEntry {
  if (entry.desiredReplicas === share) return entry;
  const shared = share === undefined ? undefined : { desiredReplicas: share };
  return without(entry, ['desiredReplicas'], shared, { lastUpdateTime: now });
}

/**
 * The entry marked as one the object failed over from (kept by purgeMode), or, on a target it
 * fails over to now, naming the targets it left; the same object when nothing changes.
 */
export function withFailover(
  entry: SyncTargetEntry,
  failedOver: boolean,
  movedFrom: readonly string[] | undefined,
  now: string,
): SyncTargetEntry {
  const from = movedFrom ?? entry.failedOverFrom;
  if ((entry.failedOver ?? false) === failedOver && jsonEqual(entry.failedOverFrom, from)) return entry;
  return without(
    entry,
    ['failedOver', 'failedOverFrom'],
    failedOver ? { failedOver } : undefined,
    from && { failedOverFrom: [...from] },
    { lastUpdateTime: now },
  );
}

/**
 * The entry held (or no longer held) for `reason`: a hold that begins records the generation the
 * target keeps, unless the entry is new (the object was never delivered there); a hold that goes
 * on keeps its start and generation. The same object when nothing changes.
 */
export function withHold(
  entry: SyncTargetEntry,
  reason: HoldReason | undefined,
  delivered: number | undefined,
  now: string,
): SyncTargetEntry {
  if (entry.hold?.reason === reason) return entry;
  if (!reason) return without(entry, ['hold'], { lastUpdateTime: now });
  // Made as the entries are (a hold per target while a rollout holds a fleet); a hold that goes on keeps its start.
  const generation = entry.hold || delivered === undefined ? undefined : { generation: delivered };
  const hold = merged<SyncTargetEntry['hold']>(entry.hold ?? { reason, since: now }, { reason }, generation);
  return without(entry, ['hold'], { hold, lastUpdateTime: now });
}

/**
 * Whether a rollout was taking this target to an older generation than the object now has: the
 * feed keeps it on what it had (a new generation goes through the steps again, never past them
 * to a target that was still progressing), until the rollout gives it the new one.
 */
export const pinnedByRollout = (entry: SyncTargetEntry, generation: number): boolean =>
  !entry.hold && entry.rollout !== undefined && entry.rollout.generation < generation;

/** The generation a target has when a hold begins: a pinned one keeps its rollout's. */
export const deliveredOf = (entry: SyncTargetEntry, generation: number): number =>
  pinnedByRollout(entry, generation) ? entry.rollout!.generation : generation;

/** The entry with the rollout record its Placement's rollout gives it; the same object when unchanged. */
export function withRollout(entry: SyncTargetEntry, record: EntryRollout | undefined, now: string): SyncTargetEntry {
  if (jsonEqual(entry.rollout, record)) return entry;
  return without(entry, ['rollout'], record && { rollout: record }, { lastUpdateTime: now });
}

const isCounted = (entry: SyncTargetEntry): boolean => entry.state === 'Applied' || entry.state === 'Error';

/**
 * The status with these entries and the totals over the fresh reports among them (a Deployment's
 * replica counts, another kind's summed fields). The kinds kubectl rolls out also say the generation
 * every cluster reached and count as updated only the pods of the object's own: rollout status reads both.
 */
export function statusWith(
  entries: SyncTargetEntry[],
  kind: string,
  generation: number,
): DeploymentStatus & Record<string, unknown> {
  const counted = entries.filter(isCounted);
  const observed = observedOf(entries, kind, generation);
  if (kind !== DEPLOYMENT_KIND)
    return { ...observed, ...summedStatus(kind, counted, generation), syncTargets: entries };
  const sum = (field: 'replicas' | 'updatedReplicas' | 'readyReplicas' | 'availableReplicas', of = counted) =>
    of.reduce((total, e) => total + (e[field] ?? 0), 0);
  const current = counted.filter((e) => e.observedGeneration === generation);
  return {
    ...observed,
    replicas: sum('replicas'),
    updatedReplicas: sum('updatedReplicas', current),
    readyReplicas: sum('readyReplicas'),
    availableReplicas: sum('availableReplicas'),
    syncTargets: entries,
  };
}

/**
 * The status of `object` (its kind and generation) with these entries: a Deployment's has its
 * totals; another kind's keeps what else its status holds, with its summed fields recomputed, and
 * has no syncTargets while it is placed nowhere. Without entries: its own, recomputed (a new generation).
 */
export function statusOf(object: KubeObject, entries: SyncTargetEntry[] = entriesOf(object.status)): unknown {
  const { kind, status: previous } = object;
  const generation = object.metadata.generation ?? 0;
  if (kind === DEPLOYMENT_KIND) return statusWith(entries, kind, generation);
  const { syncTargets: _old, ...rest } = (previous ?? {}) as Record<string, unknown>;
  if (entries.length > 0) return { ...rest, ...statusWith(entries, kind, generation) };
  if (previous === undefined) return undefined;
  return { ...rest, ...observedOf([], kind, generation), ...summedStatus(kind, [], generation) };
}

export const entriesOf = (status: unknown): SyncTargetEntry[] =>
  (status as Partial<DeploymentStatus> | undefined)?.syncTargets ?? [];

/** The names of the SyncTargets an object is placed on, from its status. */
export const placedTargets = (status: unknown): Set<string> => new Set(entriesOf(status).map((e) => e.name));

/** The SyncTargets a Placement selects the object for (entries written before reasons existed count too). */
export const selectedTargets = (status: unknown): Set<string> =>
  new Set(
    entriesOf(status)
      .filter((e) => e.reason !== 'DependencyOf')
      .map((e) => e.name),
  );
