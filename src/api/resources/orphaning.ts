// propagationPolicy on a DELETE. Background and Foreground delete the object at once and leave
// its dependents to the garbage collector (src/garbage/), which deletes each whose owners are all
// gone; a foreground delete here does not wait for them. Orphan keeps the dependents: each
// drops its reference to the object before the object goes. Without a policy, a kind's default
// applies: Orphan for a batch/v1 Job, as in Kubernetes, Background for every other kind.
import type { FastifyRequest } from 'fastify';
import { orphanDependents } from '../../garbage/dependent-writes.js';
import type { DeleteOptions, KubeObject } from '../../schemas/meta.js';
import { checkPreconditions } from '../../store/preconditions.js';
import { type Preconditions, keyOf } from '../../store/types.js';
import { type ResourceDefinition, errorTarget } from '../http/resource-definition.js';
import { storeCall } from '../http/store-errors.js';

/** Whether a delete with these options leaves the object's dependents in place. */
export function orphans(def: ResourceDefinition, options: DeleteOptions): boolean {
  if (options.propagationPolicy !== undefined) return options.propagationPolicy === 'Orphan';
  if (options.orphanDependents !== undefined) return options.orphanDependents;
  return def.orphansByDefault === true;
}

/**
 * Before deleting `object` with propagationPolicy Orphan: its dependents let go of it. The
 * preconditions are checked first, so a delete that will be refused changes nothing.
 */
export async function orphanBeforeDelete(
  request: FastifyRequest,
  def: ResourceDefinition,
  object: KubeObject,
  preconditions: Preconditions,
): Promise<void> {
  const stored = { resourceVersion: object.metadata.resourceVersion ?? '', object };
  await storeCall(errorTarget(def, object.metadata.name), async () =>
    checkPreconditions(keyOf(object), stored, preconditions),
  );
  await orphanDependents(request.server.informers, request.server.dependentWrites, object);
}
