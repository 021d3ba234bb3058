// The /status subresource of every kind (admin only; the agents keep their own report routes):
// GET answers the object; PUT and a merge-patch PATCH change its status and nothing else, as
// Kubernetes' status strategies do (spec and metadata changes in the body are ignored, the
// generation stays). Writing the object itself keeps its status (object-lifecycle.ts).
import type { FastifyInstance } from 'fastify';
import { type Json, applyMergePatch } from '../../lib/merge-patch.js';
import { type KubeObject, Status } from '../../schemas/meta.js';
import type { Store } from '../../store/types.js';
import { badRequest } from '../http/errors.js';
import { fieldValidationHook, validateFields } from './field-validation.js';
import { prepareReplace, validateObject } from './object-lifecycle.js';
import { WriteQuery } from '../http/query-parameters.js';
import { type ResourceDefinition, inputSchemaOf } from '../http/resource-definition.js';
import { requireMediaType } from '../http/require-media-type.js';
import { MERGE_PATCH_ONLY, type ObjectParams, SubresourceContext, objectParams, objectPath } from './subresources.js';

import { MERGE_PATCH } from '../http/patch-media-types.js';

/** `current` with the status of `body`; the identity fields of the body are checked as on PUT. */
export function prepareStatus(
  def: ResourceDefinition,
  current: KubeObject,
  body: KubeObject,
  params: ObjectParams,
): KubeObject {
  const given = body.metadata ?? {};
  const identity: KubeObject = {
    ...current,
    apiVersion: body.apiVersion ?? current.apiVersion,
    kind: body.kind ?? current.kind,
    metadata: {
      ...current.metadata,
      ...(given.name !== undefined ? { name: given.name } : {}),
      ...(given.namespace !== undefined ? { namespace: given.namespace } : {}),
      ...(given.uid !== undefined ? { uid: given.uid } : {}),
      resourceVersion: given.resourceVersion,
    },
  };
  const next = prepareReplace(def, current, identity, params.namespace, params.name);
  if (body.status === undefined) delete next.status;
  else next.status = body.status;
  validateObject(def, next);
  return next;
}

export function registerStatus(app: FastifyInstance, def: ResourceDefinition, store: Store): void {
  const context = new SubresourceContext(def, store);
  const common = { tags: [def.kind], security: [{ bearerAuth: [] }], params: objectParams(def) };
  const config = { kind: def.kind, access: 'admin' as const, resource: def };
  const input = inputSchemaOf(def);
  const answers = { 200: def.schema, default: Status };
  const path = objectPath(def, 'status');

  app.get(
    path,
    { schema: { ...common, summary: `Read the status of a ${def.kind}`, response: answers }, config },
    async (request) => context.shown(await context.load(request.params as ObjectParams)),
  );

  app.put(
    path,
    {
      schema: {
        ...common,
        summary: `Replace the status of a ${def.kind} (only status changes)`,
        querystring: WriteQuery,
        body: input,
        response: answers,
      },
      config,
      preValidation: [requireMediaType('application/json'), fieldValidationHook(def, input, [])],
    },
    async (request) => {
      const body = request.body as KubeObject;
      const pinned = body.metadata?.resourceVersion !== undefined;
      const updated = await context.rewrite(request, pinned, (current) => {
        const withVersion = pinned
          ? body
          : { ...body, metadata: { ...body.metadata, resourceVersion: current.metadata.resourceVersion } };
        return prepareStatus(def, current, withVersion, request.params as ObjectParams);
      });
      return context.shown(updated);
    },
  );

  app.patch(
    path,
    {
      schema: {
        ...common,
        summary: `Patch the status of a ${def.kind} with a JSON merge patch (only status changes)`,
        response: answers,
        ...MERGE_PATCH_ONLY,
      },
      config,
      preValidation: requireMediaType(MERGE_PATCH),
    },
    async (request, reply) => {
      const patch = request.body as { metadata?: { resourceVersion?: unknown } };
      const pinned = patch.metadata?.resourceVersion !== undefined;
      const updated = await context.rewrite(request, pinned, (current) => {
        const patched = applyMergePatch(current as unknown as Json, patch as Json) as unknown as KubeObject;
        if (typeof patched.metadata !== 'object' || patched.metadata === null)
          throw badRequest('a patch may not remove metadata');
        validateFields(request, reply, def.schema, patched);
        return prepareStatus(def, current, patched, request.params as ObjectParams);
      });
      return context.shown(updated);
    },
  );
}
