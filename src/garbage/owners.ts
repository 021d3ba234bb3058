// Whether an object's owners exist, as kube-controller-manager's garbage collector decides it:
// an owner of a kind the server serves is looked up by name in the dependent's namespace (in none
// for a cluster-scoped kind), and counts only with the uid the reference names. An owner whose
// kind is not served (or not in that group), or a namespaced owner of a cluster-scoped object,
// cannot be resolved: such a reference keeps its object, as in Kubernetes.
import { groupVersionOf } from '../lib/owner-references.js';
import type { SharedInformers } from '../runtime/shared-informers.js';
import type { KubeObject, OwnerReference } from '../schemas/meta.js';
import type { ObjectKey, Store } from '../store/types.js';

/** The scope of a served kind of a group, or undefined when the server serves no such kind. */
export type ScopeOf = (group: string, kind: string) => { namespaced: boolean } | undefined;

export class Owners {
  constructor(
    private readonly informers: SharedInformers,
    private readonly scopeOf: ScopeOf,
    private readonly store: Store,
  ) {}

  /** Where the owner is stored, or undefined when the reference cannot be resolved. */
  keyOf(ref: OwnerReference, dependent: KubeObject): ObjectKey | undefined {
    const scope = this.scopeOf(groupVersionOf(ref.apiVersion).group, ref.kind);
    if (!scope || !this.informers.find(ref.kind)) return undefined;
    const namespace = dependent.metadata.namespace ?? '';
    if (scope.namespaced && !namespace) return undefined;
    return { kind: ref.kind, namespace: scope.namespaced ? namespace : '', name: ref.name };
  }

  /**
   * The owners that are gone. An owner the informer does not hold (with that uid) is read again
   * from the store before it counts: one created a moment ago may not have reached the informer
   * yet (the collector in Kubernetes also reads an owner before it acts on its absence).
   */
  async absent(dependent: KubeObject): Promise<{ absent: OwnerReference[]; all: boolean }> {
    const refs = dependent.metadata.ownerReferences ?? [];
    const absent: OwnerReference[] = [];
    for (const ref of refs) {
      const key = this.keyOf(ref, dependent);
      if (!key) continue; // cannot be resolved: it keeps the object
      const cacheKey = key.namespace ? `${key.namespace}/${key.name}` : key.name;
      if (this.informers.find(key.kind)?.get(cacheKey)?.metadata.uid === ref.uid) continue;
      if ((await this.store.get(key))?.metadata.uid !== ref.uid) absent.push(ref);
    }
    return { absent, all: refs.length > 0 && absent.length === refs.length };
  }
}
