// A Placement's status, computed from the current placements of the Deployments it selects:
// the SyncTargets it has placed them on, and a Scheduled condition saying whether each got
// what it asks for (and if not, why).
import type { Condition, KubeObject } from '../schemas/meta.js';
import type { PlacementStatus } from '../schemas/placement.js';
import { type PlacementRule, isCandidate, selectsDeployment } from './placement-rules.js';
import { entriesOf } from './status-entries.js';
import { type TargetState, isEvicting } from './target-state.js';
import { transitionTime } from '../lib/conditions.js';

interface Verdict {
  status: Condition['status'];
  reason: string;
  message: string;
}

function verdict(rule: PlacementRule, candidates: TargetState[], placedCounts: number[], selected: number, now: number): Verdict {
  const open = candidates.filter((t) => !t.unschedulable && !isEvicting(t, now));
  if (open.length === 0 && selected === 0) {
    const message = candidates.length === 0
      ? 'no SyncTarget matches syncTargetSelector or syncTargetNames'
      : 'every matching SyncTarget is cordoned or evicted';
    return { status: 'False', reason: 'NoSyncTargets', message };
  }
  const wanted = rule.numberOfSyncTargets;
  const short = wanted === undefined ? 0 : placedCounts.filter((n) => n < wanted).length;
  if (short > 0) {
    return {
      status: 'False',
      reason: 'InsufficientSyncTargets',
      message: `${short} of ${placedCounts.length} Deployments are on fewer than ${wanted} SyncTargets: not enough usable candidates`,
    };
  }
  return { status: 'True', reason: 'Scheduled', message: `${placedCounts.length} Deployments placed on ${selected} SyncTargets` };
}

export function placementStatus(rule: PlacementRule, previous: Condition[] | undefined, deployments: Iterable<KubeObject>, targets: Iterable<TargetState>, now: number): PlacementStatus {
  const candidates = [...targets].filter((t) => isCandidate(rule, t));
  const candidateNames = new Set(candidates.filter((t) => !isEvicting(t, now)).map((t) => t.name));
  const selected = new Set<string>();
  const placedCounts: number[] = [];
  for (const deployment of deployments) {
    if (!selectsDeployment(rule, deployment)) continue;
    const placed = entriesOf(deployment.status).filter((e) => candidateNames.has(e.name));
    for (const entry of placed) selected.add(entry.name);
    placedCounts.push(placed.length);
  }
  const { status, reason, message } = verdict(rule, candidates, placedCounts, selected.size, now);
  const before = previous?.find((c) => c.type === 'Scheduled');
  const lastTransitionTime = transitionTime(before, status, new Date(now).toISOString());
  return {
    selectedSyncTargets: [...selected].sort(),
    conditions: [{ type: 'Scheduled', status, reason, message, lastTransitionTime }],
  };
}
