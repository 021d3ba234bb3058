// The agents' feed on this replica: the index of placed objects of every kind, the held long-polls it
// wakes, and their metrics. Started while the app is built (a store that cannot be read fails
// the start); at shutdown the held requests are answered first (closeAll), so closing never
// waits out a long poll.
import type { Registry } from 'prom-client';
import type { SharedInformers } from '../runtime/shared-informers.js';
import type { Store } from '../store/types.js';
import { feedBody } from './feed-body.js';
import { FeedIndex } from './feed-index.js';
import { HeldItems } from './held-items.js';
import { type FeedMetrics, createFeedMetrics } from './metrics.js';
import { FeedWaiters, type Wait } from './waiters.js';
import { NamespaceViews } from './namespace-views.js';
import { NAMESPACE_KIND } from '../schemas/namespace.js';

type HeldWriteError = (error: unknown, what: string) => void;

export class AgentFeed {
  readonly index: FeedIndex;
  readonly waiters: FeedWaiters;
  readonly metrics: FeedMetrics;

  /** The copies of held targets, stored in `store` (absent without one: nothing is held). */
  readonly held?: HeldItems;

  /** The namespaces of the objects, as agents make them downstream. */
  private readonly namespaces = new NamespaceViews();
  private stopNamespaces?: () => void;

  constructor(
    private readonly informers: SharedInformers,
    registry: Registry,
    store?: Store,
    onError?: HeldWriteError,
  ) {
    this.waiters = new FeedWaiters((woken) => this.metrics.wakeups.inc(woken));
    this.metrics = createFeedMetrics(registry, () => this.waiters.size);
    this.held = store ? new HeldItems(store, onError ?? (() => undefined)) : undefined;
    this.index = new FeedIndex(informers, (targets) => this.waiters.wake(targets), this.held);
  }

  async start(): Promise<void> {
    await this.index.start();
    const namespaces = this.informers.informer(NAMESPACE_KIND);
    await namespaces.synced();
    // New labels or annotations of a Namespace change the feed of every target with objects in it.
    this.stopNamespaces = namespaces.addHandler((change, _previous, initial) => {
      const { name } = change.object.metadata;
      if (this.namespaces.take(change.object, change.type === 'DELETED') && !initial)
        this.index.bumpHolders((item) => item.metadata.namespace === name, change.resourceVersion);
    });
  }

  /** Answers every held request at once (shutdown); later ones are answered at once too. */
  closeAll(): void {
    this.waiters.closeAll();
  }

  stop(): void {
    this.stopNamespaces?.();
    this.index.stop();
  }

  /** Whether the target's set has changed since `since`, as far as this replica can tell. */
  changedSince(target: string, since: number): boolean {
    // A version newer than any this replica has seen comes from elsewhere (another replica
    // ahead of this one, or a client's mistake): answering resynchronises the client.
    return this.index.version(target) > since || since > this.index.latest;
  }

  /**
   * The target's objects (only its Deployments when `kind` says so: the feed of agents before
   * other kinds) as the answer's JSON text, each item's text shared with every other answer holding it.
   */
  answer(target: string, kind?: string): string {
    const items = this.index.itemsOn(target, kind);
    // The Deployments' feed of agents before other kinds has no namespaces to apply either.
    const namespaces = kind === undefined ? this.namespaces.textOf(items) : undefined;
    return feedBody(String(this.index.version(target)), items, namespaces);
  }

  /** Resolves once the answers of the changes under way are all sent (undefined: none is under way). */
  settled(): Promise<void> | undefined {
    return this.waiters.settled();
  }

  /** Holds until the target's set changes or `timeoutMs` passes; call the returned cancel when the client leaves. */
  hold(target: string, timeoutMs: number): Wait {
    return this.waiters.wait(target, timeoutMs);
  }
}
