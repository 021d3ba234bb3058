// The uid of each object at the version this process last wrote or read it. An update's
// preconditions name the uid as well as the resourceVersion; the version is a column of its own,
// but the uid is inside the body, and reading and parsing the body of an object placed on
// thousands of targets (an entry each) costs milliseconds per write. A resourceVersion belongs to
// one write only, so the uid known at the stored version is the stored uid, whichever process wrote it.
import type { ObjectKey } from '../types.js';

const keyText = (key: ObjectKey) => `${key.kind}\u0000${key.namespace}\u0000${key.name}`;

export class KnownUids {
  private readonly known = new Map<string, { resourceVersion: number; uid: string | undefined }>();

  /** The object at `key` is at this version with this uid (undefined once deleted). */
  set(key: ObjectKey, resourceVersion: number, uid: string | undefined, gone = false): void {
    if (gone) this.known.delete(keyText(key));
    else this.known.set(keyText(key), { resourceVersion, uid });
  }

  /** The uid at exactly this version, if known: { uid } (possibly undefined), or undefined when not known. */
  at(key: ObjectKey, resourceVersion: number): { uid: string | undefined } | undefined {
    const entry = this.known.get(keyText(key));
    return entry?.resourceVersion === resourceVersion ? { uid: entry.uid } : undefined;
  }
}
