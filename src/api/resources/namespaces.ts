// The Namespaces of tmc's Kubernetes API, served as kube-apiserver serves them: made on create,
// or by the first object created in one (namespace-admission.ts); deleting one marks it
// Terminating, and the namespace controller deletes its contents and then the namespace.
import { kindEntry } from '../../schemas/kinds.js';
import type { KubeObject } from '../../schemas/meta.js';
import { IMMORTAL_NAMESPACES, NAMESPACE_KIND, namespaceNameLabel } from '../../schemas/namespace.js';
import { terminating } from '../../namespaces/namespace-object.js';
import { ApiError, conflict } from '../http/errors.js';
import { type ResourceDefinition, errorTarget } from '../http/resource-definition.js';
import { carriedResource } from './carried-kinds.js';

/** kube-apiserver's words for a second delete of a namespace that is being emptied. */
const PURGING =
  'The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will ' +
  'automatically be purged by the system.';

function deleteLater(object: KubeObject, now: Date) {
  const name = object.metadata.name ?? '';
  const target = errorTarget(namespaceResource, name);
  if (IMMORTAL_NAMESPACES.includes(name)) {
    const message = `namespaces "${name}" is forbidden: this namespace may not be deleted`;
    return { refused: new ApiError(403, 'Forbidden', message, target) };
  }
  if (object.metadata.deletionTimestamp) return { refused: conflict(target, PURGING) };
  return { marked: terminating(object, now) };
}

export const namespaceResource: ResourceDefinition = {
  ...carriedResource(kindEntry(NAMESPACE_KIND)!),
  // A DNS-1123 label, as in Kubernetes: a namespace's name goes into DNS names (svc.ns.svc.cluster.local).
  labelNames: true,
  serverLabels: namespaceNameLabel,
  initialStatus: () => ({ phase: 'Active' }),
  deleteLater,
};
