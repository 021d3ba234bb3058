// The uid of each object at the version this process last wrote or read it. An update's
// preconditions name the uid as well as the resourceVersion; the version is a column of its own,
// but the uid is inside the body, and reading and parsing the body of an object placed on
// thousands of targets (an entry each) costs milliseconds per write. A resourceVersion belongs to
// one write only, so the uid known at the stored version is the stored uid, whichever process wrote it.
// The same holds for the entries kept apart (entries-apart.ts): known at the stored version, a
// write compares against them and writes only the entries that changed. Both stores keep one.
import type { NamedEntry } from './entries-apart.js';
import type { KubeObject } from '../schemas/meta.js';
import type { ObjectKey } from './types.js';

const entriesIn = (object: KubeObject): readonly NamedEntry[] | undefined => {
  const entries = (object.status as { syncTargets?: unknown } | undefined)?.syncTargets;
  return Array.isArray(entries) ? (entries as NamedEntry[]) : undefined;
};

const keyText = (key: ObjectKey) => `${key.kind}\u0000${key.namespace}\u0000${key.name}`;

interface Known {
  resourceVersion: number;
  uid: string | undefined;
  entries: readonly NamedEntry[] | undefined;
}

export class KnownVersions {
  private readonly known = new Map<string, Known>();

  /** The object at `key` is at this version (gone: deleted). */
  set(key: ObjectKey, resourceVersion: number, object: KubeObject, gone = false): void {
    if (gone) this.known.delete(keyText(key));
    else
      this.known.set(keyText(key), {
        resourceVersion,
        uid: object.metadata.uid,
        // As given, unchecked: they are compared only when the stored version kept its entries
        // apart, which it did only with a valid list (and PostgreSQL checks that again).
        entries: entriesIn(object),
      });
  }

  /** The entries kept apart at exactly this version, if known. */
  entriesAt(key: ObjectKey, resourceVersion: number): readonly NamedEntry[] | undefined {
    const entry = this.known.get(keyText(key));
    return entry?.resourceVersion === resourceVersion ? entry.entries : undefined;
  }

  /** The version last seen of the object and its entries kept apart then, if any. */
  latest(key: ObjectKey): { resourceVersion: number; entries: readonly NamedEntry[] | undefined } | undefined {
    return this.known.get(keyText(key));
  }

  /** The uid at exactly this version, if known: { uid } (possibly undefined), or undefined when not known. */
  at(key: ObjectKey, resourceVersion: number): { uid: string | undefined } | undefined {
    const entry = this.known.get(keyText(key));
    return entry?.resourceVersion === resourceVersion ? { uid: entry.uid } : undefined;
  }
}
