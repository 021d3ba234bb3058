// The garbage collector's writes to dependents, made as the API makes them: a dependent goes as
// a DELETE of it would (a Namespace is marked Terminating and emptied by its controller; a kind
// that refuses deletes for now, a definition whose objects remain, refuses this one too), and a
// dropped reference is an update recorded in managedFields under the collector's own manager.
import type { DependentWrites } from '../../garbage/dependent-writes.js';
import type { KubeObject } from '../../schemas/meta.js';
import { type Store, StoreError, keyOf } from '../../store/types.js';
import type { ResourceDefinition } from '../http/resource-definition.js';
import { withManagerEntry } from './managed-fields.js';

/** The field manager of the collector's updates, as kube-controller-manager's are its own. */
export const GARBAGE_COLLECTOR_MANAGER = 'tmc-garbage-collector';
/** How many writes a release tries while others keep changing the dependent. */
const ATTEMPTS = 5;

export function dependentWrites(
  store: Store,
  definitionOf: (kind: string) => ResourceDefinition | undefined,
): DependentWrites {
  return {
    async remove(object: KubeObject): Promise<string | undefined> {
      const def = definitionOf(object.kind);
      const { uid, resourceVersion } = object.metadata;
      if (def?.deleteLater) {
        const later = def.deleteLater(object, new Date());
        if ('refused' in later) return later.refused.message;
        await store.update(later.marked, { uid, resourceVersion });
        return undefined;
      }
      const refused = await def?.beforeDelete?.(object);
      if (refused) return refused;
      await store.delete(keyOf(object), { uid });
      return undefined;
    },

    async release(object: KubeObject, owners: ReadonlySet<string>): Promise<void> {
      const def = definitionOf(object.kind);
      // The informer's copy may be behind: on a conflict the dependent is read again, as rewriteStatus does.
      let current: KubeObject | undefined = object;
      for (let attempt = 1; ; attempt++) {
        if (!current || current.metadata.uid !== object.metadata.uid) return; // deleted or replaced meanwhile
        const { ownerReferences = [], ...metadata } = current.metadata;
        const kept = ownerReferences.filter((ref) => !owners.has(ref.uid));
        if (kept.length === ownerReferences.length) return;
        const released: KubeObject = {
          ...current,
          metadata: kept.length > 0 ? { ...metadata, ownerReferences: kept } : metadata,
        };
        const next = def ? withManagerEntry(def, GARBAGE_COLLECTOR_MANAGER, current, released) : released;
        try {
          await store.update(next, { uid: current.metadata.uid, resourceVersion: current.metadata.resourceVersion });
          return;
        } catch (error) {
          if (!(error instanceof StoreError && error.code === 'Conflict') || attempt >= ATTEMPTS) throw error;
          current = await store.get(keyOf(object));
        }
      }
    },
  };
}
