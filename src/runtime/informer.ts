// One kind's objects in memory (an informer, in client-go's terms), shared by every index and
// controller that reads the kind: listed once, then kept current from the store's change feed,
// on every replica (the feed of PostgreSQL carries other replicas' writes too). Handlers hear
// each change with the object's previous state, so they can tell what moved. As with client-go's
// shared informer, a handler first hears the objects the cache holds, marked `initial`: the list
// when it was added before the start, a replay of the cache when added later (a controller that
// starts on gaining leadership builds its state from the cache, without listing again).
import type { KubeObject } from '../schemas/meta.js';
import type { Change, Store } from '../store/types.js';

export type InformerHandler = (change: Change, previous: KubeObject | undefined, initial: boolean) => void;

export const objectKey = (object: KubeObject): string =>
  object.metadata.namespace ? `${object.metadata.namespace}/${object.metadata.name}` : (object.metadata.name ?? '');

const initialChange = (object: KubeObject): Change => ({
  type: 'ADDED',
  resourceVersion: Number(object.metadata.resourceVersion),
  object,
});

export class Informer {
  private readonly cache = new Map<string, KubeObject>();
  private readonly handlers = new Set<InformerHandler>();
  private listedAt = 0;
  private started = false;
  private starting?: Promise<void>;
  private unsubscribe?: () => void;
  private readonly listed: Promise<void>;
  private resolveListed!: () => void;
  private rejectListed!: (error: unknown) => void;
  /** The newest store resourceVersion seen, of any kind: the list's or the latest change's. */
  latest = 0;

  constructor(
    private readonly store: Store,
    readonly kind: string,
  ) {
    this.listed = new Promise<void>((resolve, reject) => {
      this.resolveListed = resolve;
      this.rejectListed = reject;
    });
    // Nobody may be waiting yet; the rejection still reaches whoever awaits synced() later.
    this.listed.catch(() => undefined);
  }

  /** Lists the kind once; a second call returns the first one's promise. */
  start(): Promise<void> {
    this.starting ??= this.run();
    return this.starting;
  }

  /** Resolves once the first list is in the cache (client-go's WaitForCacheSync). */
  synced(): Promise<void> {
    return this.listed;
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.started = false;
    this.cache.clear();
  }

  /** Adds a handler; after the start it hears the cached objects first. Returns its removal. */
  addHandler(handler: InformerHandler): () => void {
    this.handlers.add(handler);
    if (this.started) for (const object of this.cache.values()) handler(initialChange(object), undefined, true);
    return () => this.handlers.delete(handler);
  }

  get(key: string): KubeObject | undefined {
    return this.cache.get(key);
  }

  list(): IterableIterator<KubeObject> {
    return this.cache.values();
  }

  /**
   * Subscribes before listing and replays what arrived meanwhile, skipping changes the list
   * already includes, so no change falls between the list and the feed.
   */
  private async run(): Promise<void> {
    let buffered: Change[] | undefined = [];
    this.unsubscribe = this.store.onChange((change) => {
      this.latest = Math.max(this.latest, change.resourceVersion);
      if (change.object.kind !== this.kind) return;
      if (buffered) buffered.push(change);
      else this.apply(change);
    });
    try {
      const { items, resourceVersion } = await this.store.list(this.kind);
      for (const object of items) this.cache.set(objectKey(object), object);
      this.listedAt = resourceVersion;
      this.latest = Math.max(this.latest, resourceVersion);
    } catch (error) {
      this.stop();
      this.rejectListed(error);
      throw error;
    }
    this.started = true;
    for (const handler of [...this.handlers]) {
      for (const object of this.cache.values()) handler(initialChange(object), undefined, true);
    }
    const pending = buffered;
    buffered = undefined;
    for (const change of pending) this.apply(change);
    this.resolveListed();
  }

  private apply(change: Change): void {
    if (change.resourceVersion <= this.listedAt) return;
    const key = objectKey(change.object);
    const previous = this.cache.get(key);
    if (previous && change.resourceVersion <= Number(previous.metadata.resourceVersion)) return;
    if (change.type === 'DELETED') this.cache.delete(key);
    else this.cache.set(key, change.object);
    for (const handler of [...this.handlers]) handler(change, previous, false);
  }
}
