// What the pages show, derived from the objects: a target's readiness and how much trouble it is
// in, what is placed on it, a Deployment's health and rollout. Types come from the API's schemas
// (type-only imports: nothing of the server is bundled).
import type { Condition } from '../src/schemas/meta.js';
import type { Deployment as DeploymentSchema, SyncTargetEntry } from '../src/schemas/deployment.js';
import type { Placement as PlacementSchema } from '../src/schemas/placement.js';
import type { SyncTarget as SyncTargetSchema } from '../src/schemas/synctarget.js';
import { matches, selectorRequirements } from '../src/lib/label-selector.js';

/** As the server returns it: a name is optional only in what is sent (generateName). */
type Stored<T extends { metadata: object }> = T & { metadata: { name: string } };
export type SyncTarget = Stored<SyncTargetSchema>;
export type Deployment = Stored<DeploymentSchema>;
export type Placement = Stored<PlacementSchema>;
export type { Condition, SyncTargetEntry };

/** Any placed workload as the workloads page reads it: its kind, labels and per-target entries. */
export interface Workload {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  status?: { syncTargets?: SyncTargetEntry[] };
}
const isDeployment = (workload: Workload): workload is Deployment => workload.kind === 'Deployment';

export const readyOf = (target: SyncTarget): Condition | undefined =>
  target.status?.conditions?.find((condition) => condition.type === 'Ready');

/** "Ready", "Not ready" or "Unknown", the words shown next to the colour. */
export function readiness(target: SyncTarget): 'Ready' | 'Not ready' | 'Unknown' {
  const status = readyOf(target)?.status;
  return status === 'True' ? 'Ready' : status === 'False' ? 'Not ready' : 'Unknown';
}

export const cordoned = (target: SyncTarget): boolean => target.spec?.unschedulable === true;

/** Trouble first: not Ready, then cordoned, then the rest; by name within each. */
export function byTrouble(a: SyncTarget, b: SyncTarget): number {
  const rank = (target: SyncTarget) => (readiness(target) !== 'Ready' ? 0 : cordoned(target) ? 1 : 2);
  return rank(a) - rank(b) || a.metadata.name.localeCompare(b.metadata.name);
}

/** "cpu 4, memory 8Gi, pods 110". */
export const resources = (list: Record<string, string> | undefined): string =>
  Object.entries(list ?? {})
    .map(([name, quantity]) => `${name} ${quantity}`)
    .join(', ') || '—';

export const labelText = (labels: Record<string, string> | undefined): string[] =>
  Object.entries(labels ?? {}).map(([key, value]) => `${key}=${value}`);

/** Each workload placed on `target`, with that target's entry. */
export interface Placed {
  workload: Workload;
  entry: SyncTargetEntry;
}

export function placedOn(target: string, workloads: Workload[]): Placed[] {
  return workloads.flatMap((workload) => {
    const entry = workload.status?.syncTargets?.find((candidate) => candidate.name === target);
    return entry ? [{ workload, entry }] : [];
  });
}

/** Ready pods against those wanted for a Deployment; the agent's health verdict for other kinds. */
export const readyText = (workload: Workload, entry: SyncTargetEntry): string =>
  isDeployment(workload) ? `${entry.readyReplicas ?? 0}/${workload.spec.replicas}` : (entry.health?.state ?? '—');

export type Health = 'Healthy' | 'Progressing' | 'Degraded' | 'Failing' | 'Not placed';

/**
 * One word for a workload over all its targets: the worst of their states. A Deployment counts
 * its available pods; other kinds go by the health verdict each agent reported.
 */
export function healthOf(workload: Workload): Health {
  const entries = workload.status?.syncTargets ?? [];
  if (entries.length === 0) return 'Not placed';
  if (entries.some((entry) => entry.state === 'Error')) return 'Failing';
  if (entries.some((entry) => entry.state === 'Stale' || entry.health?.state === 'Degraded')) return 'Degraded';
  const want = isDeployment(workload) ? workload.spec.replicas : 0;
  const done = entries.every(
    (entry) =>
      entry.state === 'Applied' &&
      (isDeployment(workload) ? (entry.availableReplicas ?? 0) >= want : entry.health?.state === 'Healthy'),
  );
  return done ? 'Healthy' : 'Progressing';
}

/**
 * Pods of the latest template against pods wanted, over the targets that report (a Stale one says
 * nothing about the rollout; its health shows it); undefined once complete.
 */
export function rollout(deployment: Deployment): { updated: number; wanted: number } | undefined {
  const entries = (deployment.status?.syncTargets ?? []).filter((entry) => entry.state !== 'Stale');
  const wanted = deployment.spec.replicas * entries.length;
  const perTarget = (entry: SyncTargetEntry) => Math.min(entry.updatedReplicas ?? 0, deployment.spec.replicas);
  const updated = entries.reduce((sum, entry) => sum + perTarget(entry), 0);
  return entries.length > 0 && updated < wanted ? { updated, wanted } : undefined;
}

/** Whether a Placement selects the workload: by a resourceSelector of its kind, or a Deployment by the shorthand. */
function picks(placement: Placement, workload: Workload): boolean {
  const { deploymentSelector, resourceSelectors = [] } = placement.spec;
  const labels = workload.metadata.labels;
  if (isDeployment(workload) && deploymentSelector && matches(selectorRequirements(deploymentSelector), labels)) {
    return true;
  }
  return resourceSelectors.some(
    (s) =>
      s.apiVersion === workload.apiVersion &&
      s.kind === workload.kind &&
      (!s.names || s.names.includes(workload.metadata.name)) &&
      matches(selectorRequirements(s.labelSelector), labels),
  );
}

/** The Placements of the workload's namespace that select it. */
export const placementsOf = (workload: Workload, placements: Placement[]): Placement[] =>
  placements.filter(
    (placement) => placement.metadata.namespace === workload.metadata.namespace && picks(placement, workload),
  );
