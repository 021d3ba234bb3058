// A Placement that divides a workload's replicas gives each target a share (its status entry's
// desiredReplicas); the target's feed item carries that share as spec.replicas, after the
// Overrides, so a per-target Override of replicas never undoes the division.
import type { FeedItem } from '../schemas/agent.js';
import type { SyncTargetEntry } from '../schemas/deployment.js';

export function sharesOfEntries(entries: readonly SyncTargetEntry[]): Map<string, number> | undefined {
  const shares = new Map(
    entries.flatMap((e) => (e.desiredReplicas === undefined ? [] : [[e.name, e.desiredReplicas] as const])),
  );
  return shares.size > 0 ? shares : undefined;
}

export function withShare(item: FeedItem, share: number | undefined): FeedItem {
  if (share === undefined) return item;
  const spec = (item as { spec?: Record<string, unknown> }).spec ?? {};
  return spec.replicas === share ? item : { ...item, spec: { ...spec, replicas: share } };
}
