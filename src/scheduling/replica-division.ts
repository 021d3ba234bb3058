// Dividing a workload's replicas among the targets a Placement chose, by the largest remainder:
// each target gets the floor of its proportional share, and the replicas left over go one each to
// the largest remainders (ties: the larger weight, then the name), so the shares always sum to the
// total and the same inputs always give the same shares.
import { matches, selectorRequirements } from '../lib/label-selector.js';
import type { KubeObject } from '../schemas/meta.js';
import type { ReplicaScheduling } from '../schemas/replica-scheduling.js';
import { type TargetState, isPastGrace } from './target-state.js';

export interface Weighted {
  name: string;
  weight: number;
}

export function divideReplicas(total: number, targets: readonly Weighted[]): Map<string, number> {
  const shares = new Map<string, number>();
  if (targets.length === 0) return shares;
  const sum = targets.reduce((s, t) => s + t.weight, 0);
  // No weight anywhere (every target full, say): equal shares rather than none at all.
  const weighted = sum > 0 ? targets : targets.map((t) => ({ name: t.name, weight: 1 }));
  const weightSum = sum > 0 ? sum : targets.length;
  const exact = weighted.map((t) => ({ ...t, floor: Math.floor((total * t.weight) / weightSum) }));
  let left = total - exact.reduce((s, t) => s + t.floor, 0);
  const remainder = (t: (typeof exact)[number]) => total * t.weight - t.floor * weightSum;
  const order = [...exact].sort(
    (a, b) => remainder(b) - remainder(a) || b.weight - a.weight || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  for (const t of exact) shares.set(t.name, t.floor);
  for (const t of order) {
    if (left === 0) break;
    shares.set(t.name, shares.get(t.name)! + 1);
    left--;
  }
  return shares;
}

/** The weight a Placement's replicaScheduling gives a target. */
export function weightOf(scheduling: ReplicaScheduling, target: TargetState): number {
  if (scheduling.byCapacity) return target.freePods ?? 0;
  if (!scheduling.weights) return 1;
  const entry = scheduling.weights.find(
    (w) =>
      w.name === target.name ||
      (w.targetSelector !== undefined && matches(selectorRequirements(w.targetSelector), target.labels)),
  );
  return entry?.weight ?? 0;
}

/** The kinds whose spec.replicas a Placement may divide. */
export const DIVIDED_KINDS: readonly string[] = ['Deployment', 'StatefulSet'];

/**
 * The share of each chosen target, when the Placement divides the object's replicas. A target not
 * Ready past the grace gets none, and its share goes to the others: failover moves the share.
 */
export function sharesOf(
  replicas: unknown,
  scheduling: ReplicaScheduling | undefined,
  chosen: readonly TargetState[],
  clock: { now: number; graceMs: number },
): Map<string, number> | undefined {
  if (scheduling?.type !== 'Divided') return undefined;
  const total = Number.isSafeInteger(replicas) ? (replicas as number) : 1;
  const live = chosen.filter((t) => !isPastGrace(t, clock.now, clock.graceMs));
  const sharing = live.length > 0 ? live : chosen;
  const shares = divideReplicas(
    total,
    sharing.map((t) => ({ name: t.name, weight: weightOf(scheduling, t) })),
  );
  for (const t of chosen) if (!shares.has(t.name)) shares.set(t.name, 0);
  return shares;
}

/** The shares of a Deployment's or StatefulSet's replicas over the chosen targets, when divided. */
export function objectShares(
  object: KubeObject,
  scheduling: ReplicaScheduling | undefined,
  chosen: readonly string[],
  targets: ReadonlyMap<string, TargetState>,
  clock: { now: number; graceMs: number },
): Map<string, number> | undefined {
  // Not divided (most Placements): no pass over the chosen targets.
  if (scheduling?.type !== 'Divided' || !DIVIDED_KINDS.includes(object.kind)) return undefined;
  const replicas = (object as { spec?: { replicas?: unknown } }).spec?.replicas;
  return sharesOf(
    replicas,
    scheduling,
    chosen.flatMap((name) => targets.get(name) ?? []),
    clock,
  );
}
