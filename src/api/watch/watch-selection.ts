// Which event a change makes for one watch. Without a label selector a change is what it is. With
// one, an object can move into or out of the selection while it is modified, and Kubernetes says
// so: ADDED for an object that starts to match, DELETED (its last matching content, at the new
// resourceVersion) for one that stops, so a client's cache never keeps an object it would not
// list. Field selectors take only the name and namespace, which never change, and need no memory.
import type { KubeObject } from '../../schemas/meta.js';
import type { Change } from '../../store/types.js';
import type { WatchEventType } from './watch-stream.js';

export interface WatchEvent {
  type: WatchEventType;
  object: KubeObject;
}

const keyOf = (object: KubeObject): string => `${object.metadata.namespace ?? ''}/${object.metadata.name ?? ''}`;

export class Selection {
  /** The selected objects as last sent, by key; only kept for a watch with a label selector. */
  private readonly members = new Map<string, KubeObject>();
  /**
   * Up to this version the members are not known: a watch from a resourceVersion learns them from
   * the current objects, which are newer than the changes it replays first.
   */
  private knownFrom = 0;
  private readonly replayed = new Map<string, KubeObject | undefined>();

  constructor(
    private readonly tracked: boolean,
    private readonly wanted: (object: KubeObject) => boolean,
  ) {}

  /** The current objects a watch starts from; `at` is the version they were read at. */
  start(objects: Iterable<KubeObject>, at: number): void {
    if (!this.tracked) return;
    for (const object of objects) this.members.set(keyOf(object), object);
    this.knownFrom = at;
  }

  /** The event `change` makes for this watch, if any. */
  eventOf(change: Change): WatchEvent | undefined {
    const { object } = change;
    const now = this.wanted(object);
    if (!this.tracked) return now ? { type: change.type, object } : undefined;
    const key = keyOf(object);
    // Before the members are known (the replayed changes), only what this watch saw itself counts.
    const memory = change.resourceVersion <= this.knownFrom ? this.replayed : this.members;
    // Not among the members: known not to match. Not among the replayed: not known either way.
    const known = memory === this.members || memory.has(key);
    const before = memory.get(key);
    if (now && change.type !== 'DELETED') memory.set(key, object);
    else if (memory === this.replayed) memory.set(key, undefined);
    else memory.delete(key);
    if (change.type === 'DELETED') return now || before ? { type: 'DELETED', object } : undefined;
    if (now) return { type: before || (!known && change.type === 'MODIFIED') ? 'MODIFIED' : 'ADDED', object };
    if (before) {
      const metadata = { ...before.metadata, resourceVersion: String(change.resourceVersion) };
      return { type: 'DELETED', object: { ...before, metadata } };
    }
    // Not known to have matched (a replayed change): a DELETED the client may not need is harmless,
    // a missing one would leave the object in its cache.
    return !known && change.type === 'MODIFIED' ? { type: 'DELETED', object } : undefined;
  }
}
