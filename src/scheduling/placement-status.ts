// A Placement's status, computed from the current placements of the objects it selects:
// the SyncTargets it has placed them on, and a Scheduled condition saying whether each got
// what it asks for (and if not, why).
import type { Condition, KubeObject } from '../schemas/meta.js';
import type { PlacementStatus } from '../schemas/placement.js';
import { type PlacementRule, isCandidate, selects } from './placement-rules.js';
import { entriesOf } from './status-entries.js';
import { type TargetState, isEvicting, serves } from './target-state.js';
import { transitionTime } from '../lib/conditions.js';
import { suspendedCondition } from './hold-status.js';
import { rolloutReport } from './rollout-status.js';

interface Verdict {
  status: Condition['status'];
  reason: string;
  message: string;
}

/** A kind's name in the plural, as in "3 Ingresses", "2 NetworkPolicies", "2 Gateways" (a custom kind). */
const plural = (kind: string): string =>
  kind.endsWith('s') ? `${kind}es` : /[^aeiou]y$/.test(kind) ? `${kind.slice(0, -1)}ies` : `${kind}s`;

/** "3 Deployments", or "2 Deployments, 1 ConfigMaps" for several kinds: what the Placement selects. */
const counted = (kinds: Map<string, number>): string =>
  kinds.size === 0
    ? '0 objects'
    : [...kinds]
        .sort()
        .map(([kind, n]) => `${n} ${plural(kind)}`)
        .join(', ');

/** How the short ones are named: by their kind when they are all of one. */
const noun = (kinds: Map<string, number>): string => (kinds.size === 1 ? plural([...kinds.keys()][0]!) : 'objects');

function verdict(
  rule: PlacementRule,
  candidates: TargetState[],
  placedCounts: number[],
  kinds: Map<string, number>,
  selected: number,
  now: number,
  unserved: string[],
): Verdict {
  const open = candidates.filter((t) => !t.unschedulable && !isEvicting(t, now));
  if (open.length === 0 && selected === 0) {
    const message =
      candidates.length === 0
        ? 'no SyncTarget matches syncTargetSelector or syncTargetNames'
        : 'every matching SyncTarget is cordoned or evicted';
    return { status: 'False', reason: 'NoSyncTargets', message };
  }
  if (unserved.length > 0) {
    const more = unserved.length > 3 ? ` and ${unserved.length - 3} more` : '';
    return {
      status: 'False',
      reason: 'APINotServed',
      message: `not served: ${unserved.slice(0, 3).join('; ')}${more}`,
    };
  }
  const wanted = rule.numberOfSyncTargets;
  const short = wanted === undefined ? 0 : placedCounts.filter((n) => n < wanted).length;
  if (short > 0) {
    return {
      status: 'False',
      reason: 'InsufficientSyncTargets',
      message:
        `${short} of ${placedCounts.length} ${noun(kinds)} are on fewer than ${wanted} SyncTargets: ` +
        'not enough usable candidates',
    };
  }
  return { status: 'True', reason: 'Scheduled', message: `${counted(kinds)} placed on ${selected} SyncTargets` };
}

/** FailedOver: True while an object it selects sits where it failed over to, naming it, from and to. */
function failedOverCondition(moves: string[], previous: Condition[] | undefined, now: number): Condition {
  const status = moves.length > 0 ? 'True' : 'False';
  const before = previous?.find((c) => c.type === 'FailedOver');
  const shown = moves.sort().slice(0, 10).join('; ') + (moves.length > 10 ? `; and ${moves.length - 10} more` : '');
  return {
    type: 'FailedOver',
    status,
    reason: moves.length > 0 ? 'ApplicationUnhealthy' : 'NoFailover',
    message:
      moves.length > 0 ? `unhealthy past tolerationSeconds, moved: ${shown}` : 'no selected object has failed over',
    lastTransitionTime: transitionTime(before, status, new Date(now).toISOString()),
  };
}

export function placementStatus(
  rule: PlacementRule,
  previous: Condition[] | undefined,
  objects: Iterable<KubeObject>,
  targets: Iterable<TargetState>,
  now: number,
): PlacementStatus {
  const candidates = [...targets].filter((t) => isCandidate(rule, t));
  const candidateNames = new Set(candidates.filter((t) => !isEvicting(t, now)).map((t) => t.name));
  const selected = new Set<string>();
  const placedCounts: number[] = [];
  const kinds = new Map<string, number>();
  const open = candidates.filter((t) => !t.unschedulable && !isEvicting(t, now));
  const unserved = new Set<string>();
  const moves: string[] = [];
  const chosen: KubeObject[] = [];
  for (const object of objects) {
    if (!selects(rule, object)) continue;
    chosen.push(object);
    kinds.set(object.kind, (kinds.get(object.kind) ?? 0) + 1);
    const placed = entriesOf(object.status).filter((e) => candidateNames.has(e.name) && e.reason !== 'DependencyOf');
    for (const entry of placed) selected.add(entry.name);
    for (const entry of placed) {
      if (entry.failedOverFrom?.length) {
        moves.push(`${object.kind} ${object.metadata.name} from ${entry.failedOverFrom.join(', ')} to ${entry.name}`);
      }
    }
    placedCounts.push(placed.length);
    // With numberOfSyncTargets a target that lacks the kind only matters when the object is short of targets.
    if (rule.numberOfSyncTargets !== undefined && placed.length >= rule.numberOfSyncTargets) continue;
    for (const t of open.filter((t) => !serves(t, object.apiVersion, object.kind)))
      unserved.add(`${object.kind} (${object.apiVersion}) by SyncTarget ${t.name}`);
  }
  const { status, reason, message } = verdict(
    rule,
    candidates,
    placedCounts,
    kinds,
    selected.size,
    now,
    [...unserved].sort(),
  );
  const before = previous?.find((c) => c.type === 'Scheduled');
  const lastTransitionTime = transitionTime(before, status, new Date(now).toISOString());
  const conditions: Condition[] = [{ type: 'Scheduled', status, reason, message, lastTransitionTime }];
  if (rule.failover) conditions.push(failedOverCondition(moves, previous, now));
  const suspended = suspendedCondition(rule, chosen, previous, now);
  if (suspended) conditions.push(suspended);
  const byName = new Map(candidates.map((t) => [t.name, t]));
  const rollout = rolloutReport(rule, chosen, candidateNames, byName, previous, now);
  if (rollout) conditions.push(rollout.condition);
  return { selectedSyncTargets: [...selected].sort(), conditions, ...(rollout ? { rollout: rollout.rollout } : {}) };
}
