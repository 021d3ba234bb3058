// The checks before an update or delete, and the errors every store reports for them, worded
// alike: the object must exist, and the resourceVersion and uid the client read (when given)
// must still be the stored ones.
import type { KubeObject } from '../schemas/meta.js';
import { type ObjectKey, type Preconditions, StoreError, describeKey } from './types.js';

export interface StoredObject {
  /** The version column of the stored row, as text. */
  resourceVersion: string;
  object: KubeObject;
}

export const notFound = (key: ObjectKey) => new StoreError('NotFound', `${describeKey(key)} not found`);

export const alreadyExists = (key: ObjectKey) => new StoreError('AlreadyExists', `${describeKey(key)} already exists`);

export const staleResourceVersion = () =>
  new StoreError(
    'Conflict',
    'the object has been modified; please apply your changes to the latest version and try again',
  );

export const otherUid = (given: string, stored: string | undefined) =>
  new StoreError(
    'Conflict',
    `the UID in the precondition (${given}) does not match the UID of the stored object (${stored})`,
  );

export function checkPreconditions(
  key: ObjectKey,
  current: StoredObject | undefined,
  preconditions: Preconditions,
): StoredObject {
  if (!current) throw notFound(key);
  if (preconditions.resourceVersion !== undefined && preconditions.resourceVersion !== current.resourceVersion)
    throw staleResourceVersion();
  if (preconditions.uid !== undefined && preconditions.uid !== current.object.metadata.uid)
    throw otherUid(preconditions.uid, current.object.metadata.uid);
  return current;
}
