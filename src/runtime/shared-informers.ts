// The informers of one process, one per kind: every index and controller that reads a kind
// shares its informer (as kcp hands its informers to each controller), so the store lists each
// kind once at start and holds one copy of it, however many readers there are. The app starts
// them once; readers add their handlers and read the caches. The kinds of custom resources come
// and go with their definitions: their informers are added while the process runs, and readers
// that follow every kind hear of each new one (onAdded) before it lists.
import type { Store } from '../store/types.js';
import { Informer } from './informer.js';

export class SharedInformers {
  private readonly informers = new Map<string, Informer>();
  private readonly added = new Set<string>();
  private readonly listeners = new Set<(informer: Informer) => void>();

  constructor(
    private readonly store: Store,
    kinds: readonly string[],
  ) {
    for (const kind of kinds) this.informers.set(kind, new Informer(store, kind));
  }

  get kinds(): string[] {
    return [...this.informers.keys()];
  }

  /** The kinds added since construction (custom resources'), in the order they came. */
  get addedKinds(): string[] {
    return [...this.added];
  }

  /**
   * The informer of a kind not known at construction, made and started on first call. Listeners
   * hear of it before its list, so they take in its objects as the list brings them.
   */
  add(kind: string): Informer {
    let informer = this.informers.get(kind);
    if (informer) return informer;
    informer = new Informer(this.store, kind);
    this.informers.set(kind, informer);
    this.added.add(kind);
    for (const listener of this.listeners) listener(informer);
    // A failed list is reported to whoever awaits synced(); the informer stays, empty.
    informer.start().catch(() => undefined);
    return informer;
  }

  /** Calls `listener` with every informer added from now on; returns its removal. */
  onAdded(listener: (informer: Informer) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The informer of `kind` if there is one: a kind a Placement names may have no definition yet. */
  find(kind: string): Informer | undefined {
    return this.informers.get(kind);
  }

  /** The one informer of `kind`; a kind not given at construction is a wiring mistake. */
  informer(kind: string): Informer {
    const informer = this.informers.get(kind);
    if (!informer) throw new Error(`no shared informer for ${kind}: add the kind where the informers are made`);
    return informer;
  }

  /** Lists each kind once, one after the other; a list that fails stops them all and fails the start. */
  async start(): Promise<void> {
    try {
      for (const informer of this.informers.values()) await informer.start();
    } catch (error) {
      this.stop();
      throw error;
    }
  }

  stop(): void {
    for (const informer of this.informers.values()) informer.stop();
  }
}
