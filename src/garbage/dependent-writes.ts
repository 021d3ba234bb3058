// What the garbage collector and an orphaning delete write to a dependent, made by the API layer
// (which knows each kind's definition), so a dependent goes as a DELETE of it would go.
import type { KubeObject } from '../schemas/meta.js';
import type { SharedInformers } from '../runtime/shared-informers.js';

export interface DependentWrites {
  /**
   * Deletes a dependent whose owners are all gone, as a DELETE of it would (a Namespace is
   * marked); resolves with the reason when its kind refuses the delete for now.
   */
  remove(object: KubeObject): Promise<string | undefined>;
  /** Drops the references to these owners (by uid) from a dependent, which stays. */
  release(object: KubeObject, owners: ReadonlySet<string>): Promise<void>;
}

/** The objects of every kind the informers hold that name this owner (by uid). */
export function dependentsOf(informers: SharedInformers, ownerUid: string): KubeObject[] {
  return informers.kinds.flatMap((kind) =>
    [...informers.informer(kind).list()].filter((o) => o.metadata.ownerReferences?.some((r) => r.uid === ownerUid)),
  );
}

/**
 * A delete with propagationPolicy Orphan: the owner's dependents lose their references to it
 * first, so the collector never takes them for orphans of a deleted owner.
 */
export async function orphanDependents(
  informers: SharedInformers,
  writes: DependentWrites,
  owner: KubeObject,
): Promise<void> {
  const uid = owner.metadata.uid;
  if (!uid) return;
  const owners = new Set([uid]);
  for (const dependent of dependentsOf(informers, uid)) await writes.release(dependent, owners);
}
