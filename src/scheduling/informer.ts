// An in-memory copy of some kinds of objects (an informer, in client-go's terms): listed once,
// then kept current from the store's change feed, on every replica (the feed of PostgreSQL
// carries other replicas' writes too). Handlers hear each change with the object's previous
// state, so they can tell what moved.
import type { KubeObject } from '../schemas/meta.js';
import type { Change, Store } from '../store/types.js';

export type InformerHandler = (change: Change, previous: KubeObject | undefined) => void;

export const objectKey = (object: KubeObject): string =>
  object.metadata.namespace ? `${object.metadata.namespace}/${object.metadata.name}` : (object.metadata.name ?? '');

export class Informer {
  private readonly caches = new Map<string, Map<string, KubeObject>>();
  private readonly listedAt = new Map<string, number>();
  private unsubscribe?: () => void;
  /** The newest store resourceVersion seen, of any kind: the lists' or the latest change's. */
  latest = 0;

  constructor(private readonly store: Store, private readonly kinds: readonly string[], private readonly handler: InformerHandler) {
    for (const kind of kinds) this.caches.set(kind, new Map());
  }

  /**
   * Subscribes before listing and replays what arrived meanwhile, skipping changes a list
   * already includes, so no change falls between the list and the feed.
   */
  async start(): Promise<void> {
    let buffered: Change[] | undefined = [];
    this.unsubscribe = this.store.onChange((change) => {
      this.latest = Math.max(this.latest, change.resourceVersion);
      if (!this.caches.has(change.object.kind)) return;
      if (buffered) buffered.push(change);
      else this.apply(change);
    });
    try {
      for (const kind of this.kinds) {
        const { items, resourceVersion } = await this.store.list(kind);
        const cache = this.caches.get(kind)!;
        for (const object of items) cache.set(objectKey(object), object);
        this.listedAt.set(kind, resourceVersion);
        this.latest = Math.max(this.latest, resourceVersion);
      }
    } catch (error) {
      this.stop();
      throw error;
    }
    const pending = buffered;
    buffered = undefined;
    for (const change of pending) this.apply(change);
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const cache of this.caches.values()) cache.clear();
  }

  get(kind: string, key: string): KubeObject | undefined {
    return this.caches.get(kind)?.get(key);
  }

  list(kind: string): IterableIterator<KubeObject> {
    return (this.caches.get(kind) ?? new Map<string, KubeObject>()).values();
  }

  private apply(change: Change): void {
    if (change.resourceVersion <= (this.listedAt.get(change.object.kind) ?? 0)) return;
    const cache = this.caches.get(change.object.kind)!;
    const key = objectKey(change.object);
    const previous = cache.get(key);
    if (previous && change.resourceVersion <= Number(previous.metadata.resourceVersion)) return;
    if (change.type === 'DELETED') cache.delete(key);
    else cache.set(key, change.object);
    this.handler(change, previous);
  }
}
