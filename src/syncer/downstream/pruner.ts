// Removing an owned object that is no longer placed on the target: deleted (in dependency order),
// or, when it was applied with deletionPolicy Orphan, released: it keeps running downstream and
// loses only the ownership marks, so the agent never touches it again.
import type { Logger } from 'pino';
import type { Applier } from './applier.js';
import type { ApplyOrder } from '../reconcile/apply-order.js';
import type { DesiredState } from '../reconcile/desired-state.js';
import type { OwnedObjects } from './owned-cache.js';
import {
  DELETION_POLICY_ANNOTATION,
  SYNC_TARGET_ANNOTATION,
  SYNC_TARGET_LABEL,
  UPSTREAM_GENERATION_ANNOTATION,
  UPSTREAM_NAME_ANNOTATION,
  UPSTREAM_NAMESPACE_ANNOTATION,
} from './ownership.js';

export interface PrunerDeps {
  desired: DesiredState;
  owned: OwnedObjects;
  applier: Applier;
  order: ApplyOrder;
  log: Logger;
}

const MARKS = {
  labels: [SYNC_TARGET_LABEL],
  annotations: [
    SYNC_TARGET_ANNOTATION,
    UPSTREAM_NAMESPACE_ANNOTATION,
    UPSTREAM_NAME_ANNOTATION,
    UPSTREAM_GENERATION_ANNOTATION,
    DELETION_POLICY_ANNOTATION,
  ],
};

/** Deletes or releases the owned object of `key`; the caller has forgotten what it knew of it. */
export async function prune(deps: PrunerDeps, key: string): Promise<void> {
  const current = deps.owned.get(key);
  const mapping = deps.owned.mappingOf(key);
  if (!current || !mapping) return deps.order.forget(key);
  // Before the first feed answer nothing is known to be undesired: an outage at start must not empty the cluster.
  if (!deps.desired.authoritative) return;
  const { desired, owned, order } = deps;
  if (current.metadata.annotations?.[DELETION_POLICY_ANNOTATION] === 'Orphan') {
    // Nothing it needs is deleted before it either: its dependencies are released or deleted in their own order.
    try {
      const released = await deps.applier.release(mapping, current, MARKS);
      const fields = { event: 'orphan', key, uid: current.metadata.uid };
      if (released) deps.log.info(fields, 'left running downstream without its ownership marks: deletionPolicy Orphan');
    } finally {
      order.settle(key);
    }
    return;
  }
  const blockers = order.pruneBlockers(key, owned.keys(), (k) => desired.get(k) !== undefined);
  if (blockers.length > 0) return order.park(key);
  try {
    const deleted = await deps.applier.delete(mapping, current);
    const fields = { event: 'prune', key, uid: current.metadata.uid };
    if (deleted) deps.log.info(fields, 'deleted: no longer placed on this sync target');
  } finally {
    order.settle(key);
  }
}
