// Application failover (Placement spec.failover), as pure functions of the object's per-target
// entries and the clock, so the decision is the same on every replica and after a leader change:
// the timer is the entry's stored unhealthySince, never an in-memory timer.
//
// A workload on a Ready target whose reports have said "not Healthy" for tolerationSeconds has
// failed there. The target it failed on is not ranked for it while its entry stays (marked
// failedOver, under purgeMode Graceful or Never), so the workload does not flap back; with
// Immediately the entry goes at once and the new target, being current, keeps it (a placement
// never moves off a healthy target).
import type { SyncTargetEntry } from '../schemas/deployment.js';
import type { Failover } from '../schemas/placement.js';

export const DEFAULT_TOLERATION_SECONDS = 300;

export interface FailoverRule {
  tolerationMs: number;
  purgeMode: NonNullable<Failover['purgeMode']>;
}

export const failoverRuleOf = (spec: Failover | undefined): FailoverRule | undefined =>
  spec === undefined
    ? undefined
    : {
        tolerationMs: (spec.tolerationSeconds ?? DEFAULT_TOLERATION_SECONDS) * 1000,
        purgeMode: spec.purgeMode ?? 'Graceful',
      };

const timeOf = (text: string | undefined): number | undefined => {
  const ms = text ? Date.parse(text) : Number.NaN;
  return Number.isNaN(ms) ? undefined : ms;
};

/** When the entry's workload has been unhealthy for the toleration (undefined: it is not unhealthy). */
export const failsAt = (entry: SyncTargetEntry, rule: FailoverRule): number | undefined => {
  if (entry.health === undefined || entry.health.state === 'Healthy') return undefined;
  const since = timeOf(entry.unhealthySince);
  return since === undefined ? undefined : since + rule.tolerationMs;
};

/**
 * The targets the workload must leave or stay off: those it already failed over from, and those of
 * Ready targets where it is unhealthy past the toleration (a target that is not Ready is the
 * eviction grace's business, not failover's).
 */
export function failedTargets(
  entries: readonly SyncTargetEntry[],
  rule: FailoverRule,
  isReady: (name: string) => boolean,
  now: number,
): Set<string> {
  const failed = new Set<string>();
  for (const e of entries) {
    const at = failsAt(e, rule);
    if (e.failedOver || (at !== undefined && at <= now && isReady(e.name))) failed.add(e.name);
  }
  return failed;
}

/**
 * The targets it failed over from that stay, by purgeMode: none (Immediately), all (Never), or all
 * until every target it moved to reports it Healthy (Graceful).
 */
export function keptAfterFailover(
  rule: FailoverRule,
  left: readonly string[],
  movedTo: readonly string[],
  entries: readonly SyncTargetEntry[],
): string[] {
  if (rule.purgeMode === 'Immediately' || left.length === 0) return [];
  if (rule.purgeMode === 'Never') return [...left];
  const byName = new Map(entries.map((e) => [e.name, e]));
  const healthy = movedTo.length > 0 && movedTo.every((n) => byName.get(n)?.health?.state === 'Healthy');
  return healthy ? [] : [...left];
}

/** The next time a chosen target's workload runs out of toleration, if it is unhealthy there now. */
export function failoverRevisitAt(
  entries: readonly SyncTargetEntry[],
  chosen: readonly string[],
  rule: FailoverRule,
  now: number,
): number | undefined {
  const chosenSet = new Set(chosen);
  let next: number | undefined;
  for (const e of entries) {
    const at = chosenSet.has(e.name) ? failsAt(e, rule) : undefined;
    if (at !== undefined && at > now && (next === undefined || at < next)) next = at;
  }
  return next;
}
