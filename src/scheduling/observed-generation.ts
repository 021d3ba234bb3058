// The generation an aggregate says every cluster has reached: `kubectl rollout status`, Argo CD
// and Flux compare status.observedGeneration with metadata.generation before they read the counts.
// The counts are sums over the clusters while spec.replicas is each cluster's, so a count cannot
// say that one cluster is still behind; this gate can.
import type { SyncTargetEntry } from '../schemas/deployment.js';

/** The kinds kubectl rolls out, whose aggregate says the generation every placed cluster reached. */
export const ROLLOUT_KINDS: readonly string[] = ['Deployment', 'StatefulSet', 'DaemonSet'];

/**
 * The generation a target has reached: the one its agent last reported applying, one less when it
 * reported an error applying it (the cluster keeps what it had), 0 before its first report. A
 * StatefulSet's only once its agent says it is rolled out there (health Healthy): after the
 * generation, kubectl compares its summed counts with the per-cluster spec.replicas alone, which
 * one cluster done would satisfy while another still rolls.
 */
function reached(entry: SyncTargetEntry, kind: string): number {
  const generation = entry.observedGeneration ?? 0;
  const rolling = kind === 'StatefulSet' && entry.health !== undefined && entry.health.state !== 'Healthy';
  return entry.reportedState === 'Applied' && !rolling ? generation : Math.max(generation - 1, 0);
}

/**
 * The oldest generation any target reached, at most the object's own: a change is observed once
 * every cluster it is placed on has it. Targets the object failed over from are left out (it
 * stays there only until the new one is Healthy, or for good), as placed nowhere is `generation`.
 */
export function observedGeneration(entries: readonly SyncTargetEntry[], kind: string, generation: number): number {
  let oldest = generation;
  for (const entry of entries) if (!entry.failedOver) oldest = Math.min(oldest, reached(entry, kind));
  return oldest;
}

/** The status field for `kind`: the generation its targets reached for a kind kubectl rolls out, none for others. */
export const observedOf = (
  entries: readonly SyncTargetEntry[],
  kind: string,
  generation: number,
): { observedGeneration?: number } =>
  ROLLOUT_KINDS.includes(kind) ? { observedGeneration: observedGeneration(entries, kind, generation) } : {};
