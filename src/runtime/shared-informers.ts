// The informers of one process, one per kind: every index and controller that reads a kind
// shares its informer (as kcp hands its informers to each controller), so the store lists each
// kind once at start and holds one copy of it, however many readers there are. The app starts
// them once; readers add their handlers and read the caches.
import type { Store } from '../store/types.js';
import { Informer } from './informer.js';

export class SharedInformers {
  private readonly informers = new Map<string, Informer>();

  constructor(store: Store, kinds: readonly string[]) {
    for (const kind of kinds) this.informers.set(kind, new Informer(store, kind));
  }

  get kinds(): string[] {
    return [...this.informers.keys()];
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
