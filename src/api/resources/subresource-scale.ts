// The /scale subresource of Deployments (autoscaling/v1 Scale), so `kubectl scale deploy web
// --replicas 3` works: GET answers the Scale, PUT and PATCH (JSON, merge or strategic merge patch
// of the Scale, as kube-apiserver takes) set spec.replicas (and nothing else) of the Deployment,
// which moves its generation as any spec change does.
import type { FastifyInstance } from 'fastify';
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
import {
  type ObjectParams,
  SubresourceContext,
  SubresourcePatchBody,
  objectParams,
  objectPath,
  subresourcePatchTypes,
} from './subresources.js';
import type { PatchObject } from './subresource-status.js';
import { mediaTypeOf } from '../../lib/media-type.js';
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

export function registerScale(
  app: FastifyInstance,
  def: ResourceDefinition,
  store: Store,
  patchObject: PatchObject,
): void {
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

  // The patch applies to the Scale, whose shape (no lists) is what a strategic merge patch merges by.
  const scaleDef: ResourceDefinition = { ...def, kind: SCALE_KIND, schema: Scale };
  const patchTypes = subresourcePatchTypes(def);
  app.patch(
    path,
    {
      schema: {
        ...common,
        summary: `Patch the scale of a ${def.kind}: JSON patch, merge patch or strategic merge patch`,
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
      const params = request.params as ObjectParams;
      let pinned = false;
      return scaleOf(
        await context.rewrite(
          request,
          () => pinned,
          (current) => {
            const before = scaleOf(current);
            const patched = patchObject(scaleDef, type, before as unknown as KubeObject, request.body) as Scale;
            // A patch that names a resourceVersion other than the stored one is a precondition.
            pinned = patched.metadata?.resourceVersion !== before.metadata.resourceVersion;
            validateFields(request, reply, Scale, patched, { skip: ['status'] });
            return scaled(def, current, patched, params);
          },
        ),
      );
    },
  );
}
