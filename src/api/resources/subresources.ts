// What the subresource routes (/status, /scale) share: the object's key from the path, reading
// it (404 as the main routes answer), presenting answers, and the read-modify-write loop of a
// write that names no resourceVersion (a concurrent write is then no conflict: read again).
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { KubeObject } from '../../schemas/meta.js';
import type { Store } from '../../store/types.js';
import { isDryRun, writesFor } from './dry-run.js';
import { notFound } from '../http/errors.js';
import { type ResourceDefinition, collectionPath, errorTarget } from '../http/resource-definition.js';
import { JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH } from '../http/patch-media-types.js';
import { isApiError, storeCall } from '../http/store-errors.js';

const RETRIES = 5;

export interface ObjectParams {
  namespace?: string;
  name: string;
}

export const objectPath = (def: ResourceDefinition, subresource: string): string =>
  `${collectionPath(def)}/:name/${subresource}`;

export const objectParams = (def: ResourceDefinition) =>
  def.namespaced
    ? Type.Object({ namespace: Type.String(), name: Type.String() })
    : Type.Object({ name: Type.String() });

export class SubresourceContext {
  constructor(
    readonly def: ResourceDefinition,
    readonly store: Store,
  ) {}

  key(params: ObjectParams) {
    return { kind: this.def.kind, namespace: this.def.namespaced ? (params.namespace ?? '') : '', name: params.name };
  }

  async load(params: ObjectParams): Promise<KubeObject> {
    const object = await this.store.get(this.key(params));
    if (!object) throw notFound(errorTarget(this.def, params.name));
    return object;
  }

  async shown(object: KubeObject): Promise<KubeObject> {
    await this.def.present?.([object]);
    return object;
  }

  /**
   * Reads the object, makes the next one with `change` and stores it (or, on a dry run, checks
   * that it could be). With `pinned` the client named the resourceVersion: a conflict is its answer
   * (asked after `change`, since a patch shows only once applied whether it names one).
   */
  async rewrite(
    request: FastifyRequest,
    pinned: boolean | (() => boolean),
    change: (current: KubeObject) => KubeObject,
  ): Promise<KubeObject> {
    const params = request.params as ObjectParams;
    const writes = writesFor(this.store, isDryRun(request));
    for (let attempt = 1; ; attempt++) {
      const next = change(await this.load(params));
      try {
        return await storeCall(errorTarget(this.def, params.name), () =>
          writes.update(next, { resourceVersion: next.metadata.resourceVersion }),
        );
      } catch (error) {
        const named = typeof pinned === 'function' ? pinned() : pinned;
        if (named || attempt >= RETRIES || !isApiError(error, 'Conflict')) throw error;
      }
    }
  }
}

/**
 * What a subresource's PATCH (/status, /scale) takes, as kube-apiserver's: a JSON patch, a merge
 * patch, and for built-in kinds a strategic merge patch. kubectl reads the patch types of a kind
 * from the first PATCH it finds for it in /openapi/v3, the status one as often as the object's:
 * they must agree.
 */
export const subresourcePatchTypes = (def: ResourceDefinition): string[] => [
  JSON_PATCH,
  MERGE_PATCH,
  ...(def.strategicMergePatch ? [STRATEGIC_MERGE_PATCH] : []),
];

export const SubresourcePatchBody = Type.Unsafe<unknown>({
  description:
    'a JSON patch (a list of operations), a JSON merge patch or a strategic merge patch, as the Content-Type says',
});
