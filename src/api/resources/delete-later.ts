// DELETE of a kind whose delete a controller finishes (ResourceDefinition.deleteLater): the object
// is stored as marked (a Namespace Terminating, with its deletionTimestamp) and answered with
// status 200, as kube-apiserver answers it; or refused as the kind says (a second delete while it
// is marked, a namespace that may not be deleted).
import type { KubeObject } from '../../schemas/meta.js';
import type { Preconditions } from '../../store/types.js';
import { errorTarget } from '../http/resource-definition.js';
import { storeCall } from '../http/store-errors.js';
import { writesFor } from './dry-run.js';
import type { Params, ResourceContext } from './resource-context.js';

export async function markDeleted(
  ctx: ResourceContext,
  params: Params,
  preconditions: Preconditions,
  dryRun: boolean,
): Promise<KubeObject> {
  const { def, store, load } = ctx;
  const target = errorTarget(def, params.name);
  const current = await load(params);
  const later = def.deleteLater!(current, new Date());
  if ('refused' in later) throw later.refused;
  // The client's preconditions, else the object as read: a write meanwhile is not overwritten.
  const written = {
    uid: preconditions.uid ?? current.metadata.uid,
    resourceVersion: preconditions.resourceVersion ?? current.metadata.resourceVersion,
  };
  return storeCall(target, () => writesFor(store, dryRun).update(later.marked, written));
}
