// deletecollection: DELETE on a collection deletes every object its labelSelector and
// fieldSelector match (all of them when there is neither), and answers the list of the deleted
// objects, as kube-apiserver's generic registry does. Like it, it is not atomic: each object is
// deleted on its own, pinned to the uid that was listed, so an object re-created meanwhile under
// the same name is left alone, and one deleted meanwhile is passed over. Served on a namespace's
// collection and on a cluster-scoped kind's, not across all namespaces (nor is it there in
// Kubernetes).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { fieldsMatch } from '../../lib/field-selector.js';
import { Status, type KubeObject } from '../../schemas/meta.js';
import { type Store, keyOf } from '../../store/types.js';
import { deleteOptionsOf } from './delete-options.js';
import { writesFor } from './dry-run.js';
import { orphanBeforeDelete, orphans } from './orphaning.js';
import { badRequest } from '../http/errors.js';
import { listObjects } from './list-query.js';
import { DeleteQuery } from '../http/query-parameters.js';
import {
  type ResourceDefinition,
  apiVersionOf,
  checkDeletable,
  collectionPath,
  errorTarget,
} from '../http/resource-definition.js';
import { isApiError, storeCall } from '../http/store-errors.js';
import { parseWatchQuery } from '../watch/watch-query.js';

const CollectionQuery = Type.Object({
  labelSelector: Type.Optional(Type.String({ description: 'delete only the objects these labels select' })),
  fieldSelector: Type.Optional(Type.String({ description: 'metadata.name or metadata.namespace with =, == or !=' })),
  ...DeleteQuery.properties,
});

async function deleteMatching(store: Store, def: ResourceDefinition, request: FastifyRequest): Promise<KubeObject[]> {
  const { preconditions, dryRun, options } = deleteOptionsOf(request);
  const orphaning = !dryRun && orphans(def, options);
  if (preconditions.uid !== undefined || preconditions.resourceVersion !== undefined) {
    throw badRequest('preconditions name one object: they are not taken when deleting a collection');
  }
  const query = request.query as { labelSelector?: string; fieldSelector?: string };
  const { fields } = parseWatchQuery({ fieldSelector: query.fieldSelector });
  const namespace = (request.params as { namespace?: string }).namespace;
  const page = await listObjects(store, def.kind, namespace, { labelSelector: query.labelSelector }, (o) =>
    fieldsMatch(fields, o),
  );
  const writes = writesFor(store, dryRun);
  const deleted: KubeObject[] = [];
  for (const object of page.items) {
    // Outside the try: a refusal (409) is the answer, not a race to pass over.
    await checkDeletable(def, object);
    // Outside the try too: a dependent that cannot let go fails the request, never skips the object unsaid.
    if (orphaning) await orphanBeforeDelete(request, def, object, {});
    try {
      const uid = object.metadata.uid;
      deleted.push(
        await storeCall(errorTarget(def, object.metadata.name), () => writes.delete(keyOf(object), { uid })),
      );
    } catch (error) {
      // Deleted (or replaced) by someone else since the list: not ours to report.
      if (!isApiError(error, 'NotFound') && !isApiError(error, 'Conflict')) throw error;
    }
  }
  return deleted;
}

export function registerDeleteCollection(app: FastifyInstance, def: ResourceDefinition, store: Store): void {
  const params = def.namespaced ? { params: Type.Object({ namespace: Type.String() }) } : {};
  app.delete(
    collectionPath(def),
    {
      schema: {
        tags: [def.kind],
        security: [{ bearerAuth: [] }],
        ...params,
        querystring: CollectionQuery,
        summary:
          `Delete the ${def.kind}s a label and field selector match (all without one); answers the list of the ` +
          'deleted objects; takes DeleteOptions in the body or the query',
        response: { 200: def.listSchema, default: Status },
      },
      config: { kind: def.kind, access: 'admin', resource: def },
    },
    async (request) => {
      const items = await deleteMatching(store, def, request);
      await def.present?.(items);
      const resourceVersion = String(await store.currentResourceVersion());
      return { apiVersion: apiVersionOf(def), kind: `${def.kind}List`, metadata: { resourceVersion }, items };
    },
  );
}
