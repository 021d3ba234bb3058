// The garbage collector's writes to dependents, made as the API makes them: a dependent goes as
// a DELETE of it would (a Namespace is marked Terminating and emptied by its controller; a kind
// that refuses deletes for now, a definition whose objects remain, refuses this one too), and a
// dropped reference is an update recorded in managedFields under the collector's own manager.
import type { DependentWrites } from '../../garbage/dependent-writes.js';
import type { KubeObject } from '../../schemas/meta.js';
import { rewriteObject } from '../../store/rewrite-status.js';
import { type Store, keyOf } from '../../store/types.js';
import type { ResourceDefinition } from '../http/resource-definition.js';
import { withManagerEntry } from './managed-fields.js';

/** The field manager of the collector's updates, as kube-controller-manager's are its own. */
export const GARBAGE_COLLECTOR_MANAGER = 'tmc-garbage-collector';

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
      // From the informer's copy, which may be behind: a conflict reads the dependent again.
      await rewriteObject(store, keyOf(object), {
        uid: object.metadata.uid,
        from: object,
        change: (current) => {
          const { ownerReferences = [], ...metadata } = current.metadata;
          const kept = ownerReferences.filter((ref) => !owners.has(ref.uid));
          if (kept.length === ownerReferences.length) return undefined;
          const released = {
            ...current,
            metadata: kept.length > 0 ? { ...metadata, ownerReferences: kept } : metadata,
          };
          return def ? withManagerEntry(def, GARBAGE_COLLECTOR_MANAGER, current, released) : released;
        },
      });
    },
  };
}
