// A Deployment's status.syncTargets and its totals, as pure functions shared by the scheduler
// (which adds and removes entries and marks them Stale) and the agents' status reports (which
// fill them in). An entry is Stale while its SyncTarget is not Ready; otherwise it shows the
// agent's last report, or Pending before the first one. Totals count fresh reports only.
import type { DeploymentStatus, DeploymentStatusReport, SyncTargetEntry } from '../schemas/deployment.js';

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

/** An agent's report as the entry of its target. */
export function reportedEntry(name: string, report: DeploymentStatusReport, ready: boolean, now: string): SyncTargetEntry {
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

export const entriesOf = (status: unknown): SyncTargetEntry[] => (status as Partial<DeploymentStatus> | undefined)?.syncTargets ?? [];

/** The names of the SyncTargets a Deployment is placed on, from its status. */
export const placedTargets = (status: unknown): Set<string> => new Set(entriesOf(status).map((e) => e.name));
