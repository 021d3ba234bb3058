// The verbs of the contract for any kind: list (resource-list.ts), create, get, replace, patch
// (patch/patching.ts: every patch type and server-side apply, handed in), delete, and deletecollection
// (delete-collection.ts); dry runs (dry-run.ts) and field validation (field-validation.ts) on every write.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { KubeObject } from '../../schemas/meta.js';
import type { Store } from '../../store/types.js';
import { nameCreated } from '../http/authorize.js';
import { WriteQuery, DeleteQuery } from '../http/query-parameters.js';
import { requireMediaType } from '../http/require-media-type.js';
import { KUBE_PROTOBUF, decodeKubeObject, hasProtobufForm } from '../protobuf/kube-protobuf.js';
import { storeCall } from '../http/store-errors.js';
import { registerDeleteCollection } from './delete-collection.js';
import { markDeleted } from './delete-later.js';
import { createInNamespace } from './namespace-admission.js';
import { deleteOptionsOf } from './delete-options.js';
import { orphanBeforeDelete, orphans } from './orphaning.js';
import { isDryRun, writesFor } from './dry-run.js';
import { fieldValidationHook } from './field-validation.js';
import { prepareCreate, prepareReplace } from './object-lifecycle.js';
import { type Params, type ResourceContext, resourceContext } from './resource-context.js';
import { type ResourceDefinition, checkDeletable, collectionPath, errorTarget } from '../http/resource-definition.js';
import { registerList } from './resource-list.js';
import type { PatchObject } from './subresource-status.js';

/**
 * What patch/, a layer above this one, adds to a kind's routes (patch/patching.ts): handed in
 * by the plugins that register the kind, so this folder never imports patch/.
 */
export interface Patching {
  /** `next` with the managedFields entry of an update by the request's manager. */
  stamp(
    def: ResourceDefinition,
    request: FastifyRequest,
    current: KubeObject | undefined,
    next: KubeObject,
  ): KubeObject;
  /** Registers the kind's PATCH route: every patch type and server-side apply. */
  registerPatch(ctx: ResourceContext): void;
  /** An object patched as the Content-Type says: the /status routes take the same patches. */
  patchObject: PatchObject;
}

export function registerResource(
  server: FastifyInstance,
  def: ResourceDefinition,
  store: Store,
  patching: Patching,
): void {
  const ctx = resourceContext(server, def, store);
  const { app, tags, security, config, itemPath, keyParams, collectionParams, input, answers, keyOf, load, shown } =
    ctx;
  registerList(ctx);
  // kubectl create sends the built-in kinds as protobuf: read into the same JSON object.
  const protobuf = hasProtobufForm(def.kind) ? (body: Buffer) => decodeKubeObject(body, def.kind) : undefined;
  const bodyTypes = protobuf ? ['application/json', KUBE_PROTOBUF] : ['application/json'];
  const writeConfig = protobuf ? { ...config, protobuf } : config;
  const writeValidation = [requireMediaType(...bodyTypes), fieldValidationHook(def, input)];

  app.post(
    collectionPath(def),
    {
      schema: {
        tags,
        security,
        summary: `Create a ${def.kind}`,
        ...collectionParams,
        querystring: WriteQuery,
        body: input,
        consumes: bodyTypes,
        response: answers(def.schema, 201),
      },
      config: writeConfig,
      preValidation: writeValidation,
    },
    async (request, reply) => {
      const prepared = prepareCreate(def, request.body as KubeObject, (request.params as Params).namespace);
      const object = patching.stamp(def, request, undefined, prepared);
      nameCreated(request, object.metadata.name);
      const writes = writesFor(store, isDryRun(request));
      const created = await createInNamespace(store, def, object, isDryRun(request), () =>
        storeCall(errorTarget(def, object.metadata.name), () => writes.create(object)),
      );
      // A generated name (metadata.generateName) is known only now.
      nameCreated(request, created.metadata.name);
      return reply.code(201).send(await shown(created));
    },
  );

  app.get(
    itemPath,
    {
      schema: { tags, security, summary: `Read a ${def.kind}`, params: keyParams, response: answers(def.schema) },
      config,
    },
    async (request) => shown(await load(request.params)),
  );

  app.put(
    itemPath,
    {
      schema: {
        tags,
        security,
        summary: `Replace a ${def.kind} (send back the resourceVersion you read)`,
        params: keyParams,
        querystring: WriteQuery,
        body: input,
        consumes: bodyTypes,
        response: answers(def.schema),
      },
      config: writeConfig,
      preValidation: writeValidation,
    },
    async (request) => {
      const { params } = request;
      const body = request.body as KubeObject;
      const current = await load(params);
      const next = patching.stamp(
        def,
        request,
        current,
        prepareReplace(def, current, body, params.namespace, params.name),
      );
      const writes = writesFor(store, isDryRun(request));
      const updated = await storeCall(errorTarget(def, params.name), () =>
        writes.update(next, { resourceVersion: body.metadata.resourceVersion }),
      );
      return shown(updated);
    },
  );

  // Between replace and delete, as kube-apiserver lists the verbs.
  patching.registerPatch(ctx);

  app.delete(
    itemPath,
    {
      schema: {
        tags,
        security,
        params: keyParams,
        querystring: DeleteQuery,
        response: answers(def.schema),
        summary:
          `Delete a ${def.kind}; answers with the deleted object. Takes DeleteOptions (preconditions, dryRun, ` +
          'propagationPolicy, gracePeriodSeconds) in an optional body or the query',
      },
      config,
    },
    async (request) => {
      const { params } = request;
      const { preconditions, dryRun, options } = deleteOptionsOf(request);
      const orphaning = !dryRun && orphans(def, options);
      if (def.beforeDelete || orphaning) {
        const current = await load(params);
        if (def.beforeDelete) await checkDeletable(def, current);
        if (orphaning) await orphanBeforeDelete(request, def, current, preconditions);
      }
      if (def.deleteLater) return shown(await markDeleted(ctx, params, preconditions, dryRun));
      const deleted = await storeCall(errorTarget(def, params.name), () =>
        writesFor(store, dryRun).delete(keyOf(params), preconditions),
      );
      return shown(deleted);
    },
  );

  if (!def.deleteLater) registerDeleteCollection(app, def, store);
}
