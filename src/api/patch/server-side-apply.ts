// Server-side apply (application/apply-patch+yaml): the configuration is merged into the stored
// object by the structured merge of lib/ssa, the fields its manager no longer applies are
// removed, and a field another manager owns with another value is a 409 Conflict naming each
// such field, unless force=true. An apply to a missing object creates it.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { KubeObject } from '../../schemas/meta.js';
import { type Actor, decodeManagers, encodeManagers } from '../../lib/ssa/managers.js';
import { ConflictError, apply } from '../../lib/ssa/updater.js';
import { pathString } from '../../lib/ssa/path.js';
import { jsonEqual } from '../../lib/merge-patch.js';
import { ApiError, badRequest } from '../http/errors.js';
import { fieldError, invalidPatchOptions, managedFieldsOf, now, shapeOfKind } from './managed-fields.js';
import { createInNamespace } from '../resources/namespace-admission.js';
import { prepareCreate, prepareReplace } from '../resources/object-lifecycle.js';
import { type ItemParams, PATCH_RETRIES, type PatchContext } from './patch-types.js';
import { type ResourceDefinition, apiVersionOf, errorTarget } from '../http/resource-definition.js';
import { isApiError, storeCall } from '../http/store-errors.js';
import { isDryRun, writesFor } from '../resources/dry-run.js';
import { validateFields } from '../resources/field-validation.js';

/** kube-apiserver's 409 for apply conflicts: one cause per field, no object details. */
function conflictError(error: ConflictError): ApiError {
  const causes = error.conflicts.map(({ manager, path }) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${manager}`,
    field: pathString(path),
  }));
  return new ApiError(409, 'Conflict', error.message, { causes });
}

/** The object with its managedFields' times left out: what tells a no-op apply. */
function timeless(object: KubeObject): KubeObject {
  const entries = managedFieldsOf(object)?.map(({ time: _time, ...entry }) => entry);
  return { ...object, metadata: { ...object.metadata, managedFields: entries } as KubeObject['metadata'] };
}

function checkConfig(def: ResourceDefinition, config: Record<string, unknown>, name: string): void {
  if (config.apiVersion === undefined || config.kind === undefined) {
    throw badRequest(`an apply configuration must set apiVersion and kind (${apiVersionOf(def)}, ${def.kind})`);
  }
  const metadata = config.metadata as Record<string, unknown> | undefined;
  if (metadata?.managedFields !== undefined && metadata.managedFields !== null) {
    throw badRequest('metadata.managedFields must be nil');
  }
  if (metadata?.name !== undefined && metadata.name !== name) {
    throw badRequest(`the name of the object (${String(metadata.name)}) does not match the name on the URL (${name})`);
  }
}

export async function serverSideApply(context: PatchContext, request: FastifyRequest, reply: FastifyReply) {
  const { def, store, find, shown } = context;
  const params = request.params as ItemParams;
  const query = request.query as { fieldManager?: string; force?: boolean };
  if (!query.fieldManager) {
    throw invalidPatchOptions('fieldManager', 'FieldValueRequired', 'Required value: is required for apply patch');
  }
  const config = request.body as Record<string, unknown>;
  checkConfig(def, config, params.name!);
  const actor: Actor = { manager: query.fieldManager, operation: 'Apply', apiVersion: apiVersionOf(def) };
  const target = errorTarget(def, params.name);
  const writes = writesFor(store, isDryRun(request));
  for (let attempt = 1; ; attempt++) {
    const current = await find(params);
    const before = decodeManagers(managedFieldsOf(current));
    let result: ReturnType<typeof apply>;
    try {
      result = apply(current, config, shapeOfKind(def), before, actor, query.force === true);
    } catch (error) {
      if (error instanceof ConflictError) throw conflictError(error);
      fieldError(def, params.name, error);
    }
    const merged = result.object as KubeObject;
    validateFields(request, reply, def.schema, merged, { skip: ['status'] });
    const managedFields = encodeManagers(result.managers, before, actor, now());
    const withManagers = (object: KubeObject): KubeObject => ({
      ...object,
      metadata: { ...object.metadata, managedFields },
    });
    if (!current) {
      const { resourceVersion: _rv, ...metadata } = merged.metadata ?? {};
      const body = { ...merged, metadata: { ...metadata, name: params.name } };
      const created = withManagers(prepareCreate(def, body, params.namespace));
      const create = () => storeCall(target, () => writes.create(created));
      const stored = await createInNamespace(store, def, created, isDryRun(request), create).catch((error: unknown) => {
        if (attempt < PATCH_RETRIES && isApiError(error, 'AlreadyExists')) return undefined;
        throw error;
      });
      if (stored) return reply.code(201).send(await shown(stored));
      continue;
    }
    const pinned = merged.metadata.resourceVersion !== current.metadata.resourceVersion;
    const next = withManagers(prepareReplace(def, current, merged, params.namespace, params.name!));
    // An apply that changes nothing writes nothing: the resourceVersion stays, watchers see no event.
    if (jsonEqual(timeless(next), timeless(current))) return shown(current);
    try {
      const preconditions = { resourceVersion: next.metadata.resourceVersion };
      return await shown(await storeCall(target, () => writes.update(next, preconditions)));
    } catch (error) {
      if (pinned || attempt >= PATCH_RETRIES || !isApiError(error, 'Conflict')) throw error;
    }
  }
}
