// The one way heartbeat code writes a SyncTarget: read, change the status, write back with the
// read resourceVersion, and start over when another writer came first.
import type { KubeObject } from '../schemas/meta.js';
import type { SyncTargetStatus } from '../schemas/synctarget.js';
import { type Store, StoreError } from '../store/types.js';
import { SYNC_TARGET_KIND } from './target-index.js';

const ATTEMPTS = 5;

export type StatusChange = (status: SyncTargetStatus) => SyncTargetStatus | undefined;

/**
 * Applies `change` to the status of SyncTarget `name` if it is still the incarnation `uid`.
 * `change` returns undefined when nothing needs writing. Resolves with the object as stored
 * afterwards, or undefined when that incarnation no longer exists.
 */
export async function updateTargetStatus(store: Store, name: string, uid: string, change: StatusChange): Promise<KubeObject | undefined> {
  for (let attempt = 1; ; attempt++) {
    const current = await store.get({ kind: SYNC_TARGET_KIND, namespace: '', name });
    if (!current || current.metadata.uid !== uid) return undefined;
    const status = change((current.status ?? {}) as SyncTargetStatus);
    if (status === undefined) return current;
    try {
      return await store.update({ ...current, status }, { resourceVersion: current.metadata.resourceVersion, uid });
    } catch (error) {
      const retry = error instanceof StoreError && (error.code === 'Conflict' || error.code === 'NotFound');
      if (!retry || attempt >= ATTEMPTS) throw error;
    }
  }
}
