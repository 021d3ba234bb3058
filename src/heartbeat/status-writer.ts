// The one way heartbeat code writes a SyncTarget's status: a read-modify-write of that
// incarnation, started over when another writer came first.
import type { KubeObject } from '../schemas/meta.js';
import { SYNC_TARGET_KIND, type SyncTargetStatus } from '../schemas/synctarget.js';
import { rewriteStatus } from '../store/rewrite-status.js';
import type { Store } from '../store/types.js';

export type StatusChange = (status: SyncTargetStatus) => SyncTargetStatus | undefined;

/**
 * Applies `change` to the status of SyncTarget `name` if it is still the incarnation `uid`.
 * `change` returns undefined when nothing needs writing. Resolves with the object as stored
 * afterwards, or undefined when that incarnation no longer exists.
 */
export async function updateTargetStatus(
  store: Store,
  name: string,
  uid: string,
  change: StatusChange,
): Promise<KubeObject | undefined> {
  const rewritten = await rewriteStatus(
    store,
    { kind: SYNC_TARGET_KIND, namespace: '', name },
    {
      uid,
      change: (object) => change((object.status ?? {}) as SyncTargetStatus),
    },
  );
  return rewritten?.object;
}
