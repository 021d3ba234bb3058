// The /scale subresource of Deployments (autoscaling/v1 Scale), so `kubectl scale deploy web
// --replicas 3` works: GET answers the Scale, PUT and a merge-patch PATCH set spec.replicas
// (and nothing else) of the Deployment, which moves its generation as any spec change does.
import type { FastifyInstance } from 'fastify';
import { type Json, applyMergePatch } from '../../lib/merge-patch.js';
import { type LabelSelectorObject, selectorRequirements } from '../../lib/label-selector.js';
import { type KubeObject, Status } from '../../schemas/meta.js';
import { SCALE_API_VERSION, SCALE_KIND, Scale, ScaleInput } from '../../schemas/scale.js';
import type { Store } from '../../store/types.js';
import { schemaCauses } from '../http/ajv.js';
import { badRequest, conflict, invalidObject } from '../http/errors.js';
import { fieldValidationHook, validateFields } from './field-validation.js';
import { prepareReplace } from './object-lifecycle.js';
import { WriteQuery } from '../http/query-parameters.js';
import type { ResourceDefinition } from '../http/resource-definition.js';
import { requireMediaType } from '../http/require-media-type.js';
import { MERGE_PATCH_ONLY, type ObjectParams, SubresourceContext, objectParams, objectPath } from './subresources.js';

import { MERGE_PATCH } from '../http/patch-media-types.js';
const SCALE_GROUP = 'autoscaling';

/** A selector in the string form kube-apiserver gives in Scale.status.selector: "app=web,tier in (a,b)". */
export function selectorString(selector: LabelSelectorObject | undefined): string {
  const terms = selectorRequirements(selector).map((r) => {
    const values = [...r.values].sort();
    if (r.operator === 'Exists') return { key: r.key, text: r.key };
    if (r.operator === 'DoesNotExist') return { key: r.key, text: `!${r.key}` };
    if (r.operator === 'In' && values.length === 1) return { key: r.key, text: `${r.key}=${values[0]}` };
    return { key: r.key, text: `${r.key} ${r.operator === 'In' ? 'in' : 'notin'} (${values.join(',')})` };
  });
  return terms
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((t) => t.text)
    .join(',');
}

export function scaleOf(deployment: KubeObject): Scale {
  const { name, namespace, uid, resourceVersion, creationTimestamp } = deployment.metadata;
  const spec = deployment.spec as { replicas?: number; selector?: LabelSelectorObject };
  const status = deployment.status as { replicas?: number } | undefined;
  return {
    apiVersion: SCALE_API_VERSION,
    kind: SCALE_KIND,
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: spec.replicas ?? 1 },
    status: { replicas: status?.replicas ?? 0, selector: selectorString(spec.selector) },
  };
}

/** The Deployment with the Scale's replicas; its identity is checked as on PUT. */
function scaled(def: ResourceDefinition, current: KubeObject, scale: Scale, params: ObjectParams): KubeObject {
  const target = { kind: 'Scale', group: SCALE_GROUP, name: params.name };
  const causes = schemaCauses(ScaleInput, scale);
  if (causes.length > 0) throw invalidObject(target, causes);
  if (scale.apiVersion !== undefined && scale.apiVersion !== SCALE_API_VERSION) {
    const expected = `the expected API version (${SCALE_API_VERSION})`;
    throw badRequest(`the API version in the data (${scale.apiVersion}) does not match ${expected}`);
  }
  if (scale.kind !== undefined && scale.kind !== SCALE_KIND) {
    throw badRequest(`the kind in the data (${scale.kind}) does not match the expected kind (${SCALE_KIND})`);
  }
  const given = scale.metadata ?? {};
  if (given.uid !== undefined && given.uid !== current.metadata.uid) {
    throw conflict(
      target,
      `the UID in the object (${given.uid}) does not match the UID of the stored object (${current.metadata.uid})`,
    );
  }
  const replicas = scale.spec?.replicas ?? 0;
  const body: KubeObject = {
    ...current,
    metadata: {
      ...current.metadata,
      ...(given.name !== undefined ? { name: given.name } : {}),
      ...(given.namespace !== undefined ? { namespace: given.namespace } : {}),
      resourceVersion: given.resourceVersion ?? current.metadata.resourceVersion,
    },
    spec: { ...(current.spec as object), replicas },
  };
  return prepareReplace(def, current, body, params.namespace, params.name);
}

export function registerScale(app: FastifyInstance, def: ResourceDefinition, store: Store): void {
  const context = new SubresourceContext(def, store);
  const common = { tags: [def.kind], security: [{ bearerAuth: [] }], params: objectParams(def) };
  const responseKind = { group: SCALE_GROUP, version: 'v1', kind: SCALE_KIND };
  const config = { kind: 'Scale', access: 'admin' as const, resource: def, responseKind };
  const answers = { 200: Scale, default: Status };
  const path = objectPath(def, 'scale');

  app.get(
    path,
    { schema: { ...common, summary: `Read the scale of a ${def.kind}`, response: answers }, config },
    async (request) => scaleOf(await context.load(request.params as ObjectParams)),
  );

  app.put(
    path,
    {
      schema: {
        ...common,
        summary: `Set the replicas of a ${def.kind}`,
        querystring: WriteQuery,
        body: ScaleInput,
        response: answers,
      },
      config,
      preValidation: [
        requireMediaType('application/json'),
        fieldValidationHook({ ...def, kind: SCALE_KIND, version: 'v1' }, ScaleInput, ['status']),
      ],
    },
    async (request) => {
      const scale = request.body as Scale;
      const pinned = scale.metadata?.resourceVersion !== undefined;
      const params = request.params as ObjectParams;
      return scaleOf(await context.rewrite(request, pinned, (current) => scaled(def, current, scale, params)));
    },
  );

  app.patch(
    path,
    {
      schema: {
        ...common,
        summary: `Patch the scale of a ${def.kind} with a JSON merge patch`,
        response: answers,
        ...MERGE_PATCH_ONLY,
      },
      config,
      preValidation: requireMediaType(MERGE_PATCH),
    },
    async (request, reply) => {
      const patch = request.body as { metadata?: { resourceVersion?: unknown } };
      const pinned = patch.metadata?.resourceVersion !== undefined;
      const params = request.params as ObjectParams;
      return scaleOf(
        await context.rewrite(request, pinned, (current) => {
          const patched = applyMergePatch(scaleOf(current) as unknown as Json, patch as Json) as unknown as Scale;
          validateFields(request, reply, Scale, patched, { skip: ['status'] });
          return scaled(def, current, patched, params);
        }),
      );
    },
  );
}
