// What sums across the SyncTargets of an object, per kind: the pod counts of the workloads (as a
// Deployment's replicas do). Other kinds (a ConfigMap, a Service, a CronJob's list of active
// Jobs) have nothing that adds up, and their aggregate is only the per-target entries.
import type { SyncTargetEntry } from '../schemas/deployment.js';

/** Per kind, the fields of its downstream status that are summed over the fresh reports. */
export const SUMMED_STATUS_FIELDS: Readonly<Record<string, readonly string[]>> = {
  StatefulSet: ['replicas', 'readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas'],
  DaemonSet: [
    'desiredNumberScheduled',
    'currentNumberScheduled',
    'updatedNumberScheduled',
    'numberReady',
    'numberAvailable',
    'numberUnavailable',
    'numberMisscheduled',
  ],
  Job: ['active', 'ready', 'succeeded', 'failed'],
};

// Per kind, the summed field that counts only the targets that applied the object's generation (its newest template).
const CURRENT_ONLY: Readonly<Record<string, string>> = {
  StatefulSet: 'updatedReplicas',
  DaemonSet: 'updatedNumberScheduled',
};

const count = (value: unknown): number =>
  Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : 0;

/**
 * The sums of `kind`'s summed fields over the counted entries' reported status (0 when none
 * reported); the updated pods only over the entries that applied `generation`.
 */
export function summedStatus(
  kind: string,
  counted: readonly SyncTargetEntry[],
  generation: number,
): Record<string, number> {
  const fields = SUMMED_STATUS_FIELDS[kind] ?? [];
  const current = counted.filter((e) => e.observedGeneration === generation);
  const sum = (f: string) =>
    (f === CURRENT_ONLY[kind] ? current : counted).reduce((n, e) => n + count(e.status?.[f]), 0);
  return Object.fromEntries(fields.map((f) => [f, sum(f)]));
}
