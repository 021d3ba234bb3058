// A Placement's choice of N targets for one object with spec.failover applied: the ranked
// candidates less the ones the object failed on (unless nothing else can take it: then it stays
// rather than go nowhere), plus the ones purgeMode keeps.
import type { SyncTargetEntry } from '../schemas/deployment.js';
import { type FailoverRule, failedTargets, failoverRevisitAt, keptAfterFailover } from './failover.js';

export interface FailoverChoice {
  /** The targets chosen, then the ones it failed over from that purgeMode keeps. */
  targets: string[];
  /** The kept targets it failed over from (their entries say failedOver). */
  failedOver: Set<string>;
  /** Per target it moves to now, the targets it leaves. */
  movedFrom: Map<string, string[]>;
  revisitAt?: number;
}

export function chooseWithFailover(
  ranked: readonly string[],
  limit: number,
  current: ReadonlySet<string>,
  entries: readonly SyncTargetEntry[],
  rule: FailoverRule,
  isReady: (name: string) => boolean,
  now: number,
): FailoverChoice {
  const failed = failedTargets(entries, rule, isReady, now);
  // When every candidate has failed, it stays where it is now rather than go back where it failed before.
  const flagged = new Set(entries.filter((e) => e.failedOver).map((e) => e.name));
  const chosen = [
    ...ranked.filter((n) => !failed.has(n)),
    ...ranked.filter((n) => failed.has(n) && !flagged.has(n)),
    ...ranked.filter((n) => flagged.has(n)),
  ].slice(0, limit);
  const chosenSet = new Set(chosen);
  const left = [...current].filter((n) => failed.has(n) && !chosenSet.has(n)).sort();
  const kept = keptAfterFailover(
    rule,
    left,
    chosen.filter((n) => !failed.has(n)),
    entries,
  );
  const movedFrom = new Map<string, string[]>();
  const newlyLeft = left.filter((n) => !entries.find((e) => e.name === n)?.failedOver);
  if (newlyLeft.length > 0) for (const n of chosen) if (!current.has(n)) movedFrom.set(n, newlyLeft);
  return {
    targets: [...chosen, ...kept],
    failedOver: new Set(kept),
    movedFrom,
    revisitAt: failoverRevisitAt(entries, chosen, rule, now),
  };
}
