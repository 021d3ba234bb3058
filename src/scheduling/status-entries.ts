// An object's status.syncTargets (and a Deployment's totals), as pure functions shared by the
// scheduler (which adds and removes entries, says why each is there and marks them Stale) and the
// agents' status reports (which fill them in). An entry is Stale while its SyncTarget is not
// Ready; otherwise it shows the agent's last report, or Pending before the first one. Totals
// count fresh reports only.
import { jsonEqual } from '../lib/merge-patch.js';
import type {
  DeploymentStatus, DeploymentStatusReport, PlacedObjectReference, SyncTargetEntry,
} from '../schemas/deployment.js';

export const PENDING_MESSAGE = 'waiting for the first status report of the syncer agent';

const stateFor = (entry: SyncTargetEntry, ready: boolean): SyncTargetEntry['state'] =>
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
export function reconcileEntries(current: readonly SyncTargetEntry[], desired: readonly string[], isReady: (name: string) => boolean, now: string): SyncTargetEntry[] {
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
  const { dependencyOf: _dropped, ...rest } = entry;
  return { ...rest, ...why, lastUpdateTime: now };
}

/** The placement fields of an entry, which an agent's report keeps. */
export const placementOf = (entry: SyncTargetEntry | undefined): Partial<SyncTargetEntry> =>
  entry?.reason === undefined
    ? {}
    : { reason: entry.reason, ...(entry.dependencyOf ? { dependencyOf: entry.dependencyOf } : {}) };

/** An agent's report as the entry of its target (keeping why the object is there, given the entry it replaces). */
export function reportedEntry(name: string, report: DeploymentStatusReport, ready: boolean, now: string,
  previous?: SyncTargetEntry): SyncTargetEntry {
  const s = report.status;
  const entry: SyncTargetEntry = {
    name,
    state: report.state,
    reportedState: report.state,
    observedGeneration: report.observedGeneration,
    replicas: s.replicas ?? 0,
    readyReplicas: s.readyReplicas ?? 0,
    availableReplicas: s.availableReplicas ?? 0,
    updatedReplicas: s.updatedReplicas ?? 0,
    ...(s.conditions ? { conditions: s.conditions } : {}),
    ...(report.message !== undefined ? { message: report.message } : {}),
    lastUpdateTime: now,
    ...placementOf(previous),
  };
  return { ...entry, state: stateFor(entry, ready) };
}

const isCounted = (entry: SyncTargetEntry): boolean => entry.state === 'Applied' || entry.state === 'Error';

/** The status with these entries and the totals over the fresh reports among them. */
export function statusWith(entries: SyncTargetEntry[]): DeploymentStatus {
  const sum = (field: 'replicas' | 'updatedReplicas' | 'readyReplicas' | 'availableReplicas') =>
    entries.reduce((total, e) => total + (isCounted(e) ? (e[field] ?? 0) : 0), 0);
  return {
    replicas: sum('replicas'),
    updatedReplicas: sum('updatedReplicas'),
    readyReplicas: sum('readyReplicas'),
    availableReplicas: sum('availableReplicas'),
    syncTargets: entries,
  };
}

/**
 * The status of an object of `kind` with these entries: a Deployment's has its totals; another
 * kind's keeps what else its status holds and has no syncTargets while it is placed nowhere.
 */
export function statusOf(kind: string, previous: unknown, entries: SyncTargetEntry[]): unknown {
  if (kind === 'Deployment') return statusWith(entries);
  const { syncTargets: _old, ...rest } = (previous ?? {}) as Record<string, unknown>;
  if (entries.length > 0) return { ...rest, syncTargets: entries };
  return previous === undefined ? undefined : rest;
}

export const entriesOf = (status: unknown): SyncTargetEntry[] => (status as Partial<DeploymentStatus> | undefined)?.syncTargets ?? [];

/** The names of the SyncTargets an object is placed on, from its status. */
export const placedTargets = (status: unknown): Set<string> => new Set(entriesOf(status).map((e) => e.name));
