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

/** Refuses the create (403) into a Terminating namespace; makes the namespace first when it is missing. */
export async function admitToNamespace(
  store: Store,
  def: ResourceDefinition,
  object: KubeObject,
  dryRun: boolean,
): Promise<void> {
  const namespace = object.metadata.namespace;
  if (!def.namespaced || !namespace) return;
  const existing = await store.get({ kind: NAMESPACE_KIND, namespace: '', name: namespace });
  if (existing?.metadata.deletionTimestamp) throw terminating(def, object, namespace);
  // A dry run makes nothing, as kube-apiserver's auto-provisioning makes nothing for one.
  if (existing || dryRun) return;
  try {
    await store.create(namespaceObject(namespace));
  } catch (error) {
    // Made meanwhile, by another create into the same new namespace.
    if (!(error instanceof StoreError && error.code === 'AlreadyExists')) throw error;
  }
}
