// Which media types of PATCH (http/patch-media-types.ts) a kind takes, as kube-apiserver does:
// JSON patch, merge patch, server-side apply, and for built-in kinds strategic merge patch. A
// custom-resource-like kind has no strategic merge information, so there, as for a CRD, that type is a 415.
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { mediaTypeOf } from '../../lib/media-type.js';
import { ApiError } from '../http/errors.js';
import { WriteQuery } from '../http/query-parameters.js';
import { APPLY_PATCH, JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH } from '../http/patch-media-types.js';
import type { KubeObject } from '../../schemas/meta.js';
import type { Store } from '../../store/types.js';
import type { ResourceDefinition } from '../http/resource-definition.js';

/** In kube-apiserver's order, which its 415 message lists. */
export const patchTypesOf = (def: ResourceDefinition): string[] => [
  JSON_PATCH,
  MERGE_PATCH,
  ...(def.strategicMergePatch ? [STRATEGIC_MERGE_PATCH] : []),
  APPLY_PATCH,
];

export const PatchQuery = Type.Object({
  ...WriteQuery.properties,
  force: Type.Optional(
    Type.Boolean({
      description:
        'server-side apply only: take over the fields other managers own instead of failing with 409 Conflict',
    }),
  ),
});

export const PatchBody = Type.Unsafe<unknown>({
  description:
    'a JSON patch (a list of operations), a JSON merge patch, a strategic merge patch (built-in kinds) or ' +
    'an apply configuration (YAML or JSON), as the Content-Type says',
});

/** A preValidation hook: a type the kind does not take is a 415 before the body is looked at. */
export const requirePatchType =
  (def: ResourceDefinition) =>
  async (request: FastifyRequest): Promise<void> => {
    const types = patchTypesOf(def);
    if (!types.includes(mediaTypeOf(request.headers['content-type']))) {
      throw new ApiError(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: ${types.join(', ')}`,
      );
    }
  };

export const PATCH_RETRIES = 5;

export interface ItemParams {
  namespace?: string;
  name?: string;
}

export interface PatchContext {
  def: ResourceDefinition;
  store: Store;
  /** The stored object, or undefined when there is none. */
  find(params: ItemParams): Promise<KubeObject | undefined>;
  /** The stored object, or a 404. */
  load(params: ItemParams): Promise<KubeObject>;
  /** An object as answers show it. */
  shown(object: KubeObject): Promise<KubeObject>;
}
