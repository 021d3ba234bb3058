// PATCH on a resource route: the patch type from the Content-Type, then a read, patch and
// write, retried when another write came in between (unless the patch pinned a
// resourceVersion). Server-side apply has its own module (server-side-apply.ts).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { mediaTypeOf } from '../../lib/media-type.js';
import { invalidPatchOptions, withUpdateEntry } from './managed-fields.js';
import { prepareReplace } from '../resources/object-lifecycle.js';
import { patchObject } from './patch-apply-ops.js';
import { APPLY_PATCH } from '../http/patch-media-types.js';
import { type ItemParams, PATCH_RETRIES, type PatchContext } from './patch-types.js';
import { errorTarget } from '../http/resource-definition.js';
import { serverSideApply } from './server-side-apply.js';
import { isApiError, storeCall } from '../http/store-errors.js';
import { isDryRun, writesFor } from '../resources/dry-run.js';
import { validateFields } from '../resources/field-validation.js';

export const patchHandler = (context: PatchContext) => async (request: FastifyRequest, reply: FastifyReply) => {
  const { def, store, load, shown } = context;
  const type = mediaTypeOf(request.headers['content-type']);
  if (type === APPLY_PATCH) return serverSideApply(context, request, reply);
  if ((request.query as { force?: boolean }).force !== undefined) {
    throw invalidPatchOptions('force', 'FieldValueForbidden', 'Forbidden: may not be specified for non-apply patch');
  }
  const params = request.params as ItemParams;
  const writes = writesFor(store, isDryRun(request));
  for (let attempt = 1; ; attempt++) {
    const current = await load(params);
    const patched = patchObject(def, type, current, request.body);
    validateFields(request, reply, def.schema, patched, { skip: ['status'] });
    // A patch that names a resourceVersion other than the stored one is a precondition.
    const pinned = patched.metadata.resourceVersion !== current.metadata.resourceVersion;
    const next = withUpdateEntry(
      def,
      request,
      current,
      prepareReplace(def, current, patched, params.namespace, params.name!),
    );
    try {
      const updated = await storeCall(errorTarget(def, params.name), () =>
        writes.update(next, { resourceVersion: next.metadata.resourceVersion }),
      );
      return await shown(updated);
    } catch (error) {
      // Without a resourceVersion of its own, a concurrent write is no conflict: re-apply.
      if (pinned || attempt >= PATCH_RETRIES || !isApiError(error, 'Conflict')) throw error;
    }
  }
};
