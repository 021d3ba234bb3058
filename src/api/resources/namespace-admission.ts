// kube-apiserver's NamespaceLifecycle and NamespaceAutoProvision admission, for every create of a
// namespaced object: nothing new goes into a namespace being deleted, and a namespace that does
// not exist yet is made by the first object created in it (tmc's namespaces were implicit before
// it kept them, and its users' manifests and scripts rely on that).
import type { KubeObject } from '../../schemas/meta.js';
import { NAMESPACE_KIND } from '../../schemas/namespace.js';
import { namespaceObject } from '../../namespaces/namespace-object.js';
import { type Store, StoreError } from '../../store/types.js';
import { ApiError } from '../http/errors.js';
import { type ResourceDefinition, errorTarget } from '../http/resource-definition.js';

function terminating(def: ResourceDefinition, object: KubeObject, namespace: string): ApiError {
  const target = errorTarget(def, object.metadata.name);
  const resource = def.group ? `${def.plural}.${def.group}` : def.plural;
  const why = `unable to create new content in namespace ${namespace} because it is being terminated`;
  return new ApiError(403, 'Forbidden', `${resource} "${object.metadata.name ?? ''}" is forbidden: ${why}`, {
    ...target,
    causes: [{ reason: 'NamespaceTerminating', field: 'metadata.namespace', message: why }],
  });
}

/**
 * Runs `create` unless the object's namespace is Terminating (403); makes the namespace after a
 * create that succeeded, when it was missing. After, not before: a create refused for any other
 * reason (its size, a name taken) changes nothing. A create that slips into a namespace just
 * marked is deleted with the rest by the namespace controller, which empties it until nothing is left.
 */
export async function createInNamespace(
  store: Store,
  def: ResourceDefinition,
  object: KubeObject,
  dryRun: boolean,
  create: () => Promise<KubeObject>,
): Promise<KubeObject> {
  const namespace = def.namespaced ? object.metadata.namespace : undefined;
  if (!namespace) return create();
  const existing = await store.get({ kind: NAMESPACE_KIND, namespace: '', name: namespace });
  if (existing?.metadata.deletionTimestamp) throw terminating(def, object, namespace);
  const created = await create();
  // A dry run makes nothing, as kube-apiserver's auto-provisioning makes nothing for one.
  if (existing || dryRun) return created;
  try {
    await store.create(namespaceObject(namespace));
  } catch (error) {
    // Made meanwhile, by another create into the same new namespace.
    if (!(error instanceof StoreError && error.code === 'AlreadyExists')) throw error;
  }
  return created;
}
