// dryRun=All: a write goes through every check (identity, schema and kind rules, field
// validation, the existence of the object and the preconditions) and answers what would be
// stored, but nothing is written, so no resourceVersion is used and no watcher wakes. As in
// kube-apiserver, a dry-run create answers without a resourceVersion (none was given out) and
// a dry-run update answers with the stored one.
import type { FastifyRequest } from 'fastify';
import type { KubeObject } from '../../schemas/meta.js';
import { alreadyExists, checkPreconditions } from '../../store/preconditions.js';
import { type ObjectKey, type Preconditions, type Store, keyOf } from '../../store/types.js';

/** The writes a route makes: the store's, or their dry-run stand-ins. */
export type Writes = Pick<Store, 'create' | 'update' | 'delete'>;

/** dryRun=All on a write (the querystring schema takes only "All" and ""). */
export const isDryRun = (request: FastifyRequest): boolean =>
  (request.query as { dryRun?: string } | undefined)?.dryRun === 'All';

async function current(store: Store, key: ObjectKey, preconditions: Preconditions): Promise<KubeObject> {
  const object = await store.get(key);
  const stored = object ? { resourceVersion: object.metadata.resourceVersion ?? '', object } : undefined;
  return checkPreconditions(key, stored, preconditions).object;
}

export function dryRunWrites(store: Store): Writes {
  return {
    async create(object) {
      if (await store.get(keyOf(object))) throw alreadyExists(keyOf(object));
      return structuredClone(object);
    },
    async update(object, preconditions = {}) {
      const stored = await current(store, keyOf(object), preconditions);
      const answer = structuredClone(object);
      answer.metadata.resourceVersion = stored.metadata.resourceVersion;
      return answer;
    },
    async delete(key, preconditions = {}) {
      return current(store, key, preconditions);
    },
  };
}

/** The store itself, or its dry run when the request asks for one. */
export const writesFor = (store: Store, dryRun: boolean): Writes => (dryRun ? dryRunWrites(store) : store);
