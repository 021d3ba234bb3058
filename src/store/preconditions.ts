// The checks before an update or delete, the same for every store: the object must exist, and
// the resourceVersion and uid the client read (when given) must still be the stored ones.
import type { KubeObject } from '../schemas/meta.js';
import { type ObjectKey, type Preconditions, StoreError, describeKey } from './types.js';

export interface StoredObject {
  /** The version column of the stored row, as text. */
  resourceVersion: string;
  object: KubeObject;
}

export function checkPreconditions(key: ObjectKey, current: StoredObject | undefined, preconditions: Preconditions): StoredObject {
  if (!current) throw new StoreError('NotFound', `${describeKey(key)} not found`);
  if (preconditions.resourceVersion !== undefined && preconditions.resourceVersion !== current.resourceVersion) {
    throw new StoreError('Conflict', 'the object has been modified; please apply your changes to the latest version and try again');
  }
  if (preconditions.uid !== undefined && preconditions.uid !== current.object.metadata.uid) {
    throw new StoreError('Conflict', `the UID in the precondition (${preconditions.uid}) does not match the UID of the stored object (${current.object.metadata.uid})`);
  }
  return current;
}
