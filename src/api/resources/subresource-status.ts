// The /status subresource of every kind (admin only; the agents keep their own report routes):
// GET answers the object; PUT and PATCH (JSON, merge or strategic merge patch) change its status
// and nothing else, as Kubernetes' status strategies do (spec and metadata changes in the body are
// ignored, the generation stays). Writing the object itself keeps its status (object-lifecycle.ts).
import type { FastifyInstance } from 'fastify';
import { mediaTypeOf } from '../../lib/media-type.js';
import { type KubeObject, Status } from '../../schemas/meta.js';
import type { Store } from '../../store/types.js';
import { fieldValidationHook, validateFields } from './field-validation.js';
import { prepareReplace, validateObject } from './object-lifecycle.js';
import { WriteQuery } from '../http/query-parameters.js';
import { type ResourceDefinition, inputSchemaOf } from '../http/resource-definition.js';
import { requireMediaType } from '../http/require-media-type.js';
import {
  type ObjectParams,
  SubresourcePatchBody,
  SubresourceContext,
  objectParams,
  objectPath,
  subresourcePatchTypes,
} from './subresources.js';

/** A patch applied to an object as its Content-Type says (patch/ hands it in, a layer above this one). */
export type PatchObject = (def: ResourceDefinition, type: string, current: KubeObject, patch: unknown) => KubeObject;

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

export function registerStatus(
  app: FastifyInstance,
  def: ResourceDefinition,
  store: Store,
  patchObject: PatchObject,
): void {
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

  const patchTypes = subresourcePatchTypes(def);
  app.patch(
    path,
    {
      schema: {
        ...common,
        summary:
          `Patch the status of a ${def.kind}: JSON patch, merge patch` +
          `${def.strategicMergePatch ? ' or strategic merge patch' : ''} (only status changes)`,
        consumes: patchTypes,
        querystring: WriteQuery,
        body: SubresourcePatchBody,
        response: answers,
      },
      config,
      preValidation: requireMediaType(...patchTypes),
    },
    async (request, reply) => {
      const type = mediaTypeOf(request.headers['content-type']);
      let pinned = false;
      const updated = await context.rewrite(
        request,
        () => pinned,
        (current) => {
          const patched = patchObject(def, type, current, request.body);
          // A patch that names a resourceVersion other than the stored one is a precondition.
          pinned = patched.metadata.resourceVersion !== current.metadata.resourceVersion;
          validateFields(request, reply, def.schema, patched);
          return prepareStatus(def, current, patched, request.params as ObjectParams);
        },
      );
      return context.shown(updated);
    },
  );
}
