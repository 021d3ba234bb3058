// The one read-modify-write that controllers and agent routes share (of an object's status, or
// of the whole object for the garbage collector): compute from the object as read, write back
// with the read resourceVersion (and uid), and when another writer came first, read again and
// compute again, so neither write is lost.
import type { KubeObject } from '../schemas/meta.js';
import { type ObjectKey, type Store, StoreError } from './types.js';

const ATTEMPTS = 5;

export interface StatusRewrite {
  /** Only this incarnation of the object: a deleted and re-created one counts as gone. */
  uid?: string;
  /** A copy already read (an informer's), to compute from before reading the store. */
  from?: KubeObject;
  /** How many writes to try before giving up (default 5). */
  attempts?: number;
  /** The status wanted for the object as it is now, or undefined when nothing needs writing. */
  change(object: KubeObject): unknown;
}

/** A rewrite of the whole object: `change` gives the object wanted, or undefined when nothing needs writing. */
export type ObjectRewrite = Omit<StatusRewrite, 'change'> & { change(object: KubeObject): KubeObject | undefined };

export interface StatusRewritten {
  /** The object as stored afterwards. */
  object: KubeObject;
  written: boolean;
}

/**
 * Resolves with the stored object and whether it was written, or undefined when the object (of
 * that uid) does not exist. Errors thrown by `change` pass through; a write that keeps losing to
 * others fails with the store's Conflict after a few attempts.
 */
export async function rewriteObject(
  store: Store,
  key: ObjectKey,
  rewrite: ObjectRewrite,
): Promise<StatusRewritten | undefined> {
  let object = rewrite.from ?? (await store.get(key));
  for (let attempt = 1; ; attempt++) {
    if (!object || (rewrite.uid !== undefined && object.metadata.uid !== rewrite.uid)) return undefined;
    const wanted = rewrite.change(object);
    if (wanted === undefined) return { object, written: false };
    try {
      const stored = await store.update(wanted, {
        resourceVersion: object.metadata.resourceVersion,
        uid: object.metadata.uid,
      });
      return { object: stored, written: true };
    } catch (error) {
      // NotFound: deleted (or replaced) meanwhile; the next read says which.
      const lost = error instanceof StoreError && (error.code === 'Conflict' || error.code === 'NotFound');
      if (!lost || attempt >= (rewrite.attempts ?? ATTEMPTS)) throw error;
      // A little jitter, so writers that collided do not collide again in step.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      object = await store.get(key);
    }
  }
}

/** rewriteObject for the status alone: `change` gives the status wanted. */
export function rewriteStatus(
  store: Store,
  key: ObjectKey,
  rewrite: StatusRewrite,
): Promise<StatusRewritten | undefined> {
  return rewriteObject(store, key, {
    ...rewrite,
    change: (object) => {
      const status = rewrite.change(object);
      return status === undefined ? undefined : { ...object, status };
    },
  });
}
