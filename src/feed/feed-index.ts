// Which Deployments are placed on each SyncTarget, as the agents' feed serves them, kept in
// memory on every replica from the store's change feed. Each target has a feed version: the
// resourceVersion of the last change that altered its set — a placement added or removed, or
// the spec or metadata of a placed Deployment — and not status-only writes such as another
// target's report. Only targets whose set changed are announced.
import { jsonEqual } from '../lib/merge-patch.js';
import { DEPLOYMENT_KIND } from '../schemas/deployment.js';
import type { KubeObject } from '../schemas/meta.js';
import { type Informer, objectKey } from '../runtime/informer.js';
import type { SharedInformers } from '../runtime/shared-informers.js';
import { placedTargets } from '../scheduling/status-entries.js';
import { PlacedByTarget } from '../scheduling/target-index.js';
import type { Change } from '../store/types.js';

/** A Deployment as an agent applies it: no status, uid or other server bookkeeping. */
export interface FeedItem {
  apiVersion: string;
  kind: string;
  metadata: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; generation?: number };
  spec: unknown;
}

export type TargetsChanged = (targets: string[], resourceVersion: number) => void;

export function feedItemOf(object: KubeObject): FeedItem {
  const { name, namespace, labels, annotations, generation } = object.metadata;
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: { name, namespace, ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}), generation },
    spec: object.spec,
  };
}

export class FeedIndex {
  private readonly informer: Informer;
  private unsubscribe?: () => void;
  private readonly items = new Map<string, FeedItem>();
  private readonly placed = new PlacedByTarget();
  private readonly versions = new Map<string, number>();
  /**
   * The version of every target not changed since start. The list's resourceVersion: never
   * older than a target's real version, so a change made before a restart is never missed
   * (an agent that was up to date just gets one extra answer).
   */
  private baseline = 0;

  constructor(informers: SharedInformers, private readonly changed: TargetsChanged) {
    this.informer = informers.informer(DEPLOYMENT_KIND);
  }

  /** Takes in the Deployments listed (the replay of the shared cache), then hears each change. */
  async start(): Promise<void> {
    await this.informer.synced();
    this.baseline = this.informer.latest;
    this.unsubscribe = this.informer.addHandler((change, _previous, initial) => {
      if (initial) this.place(objectKey(change.object), change.object);
      else this.observe(change);
    });
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** The feed version of a target. */
  version(target: string): number {
    return this.versions.get(target) ?? this.baseline;
  }

  /** The newest store resourceVersion this replica has taken in. */
  get latest(): number {
    return this.informer.latest;
  }

  /** The target's Deployments, by namespace and name. */
  itemsOn(target: string): FeedItem[] {
    return this.placed.keysOn(target).map((key) => this.items.get(key)!);
  }

  private observe(change: Change): void {
    const key = objectKey(change.object);
    const item = this.items.get(key);
    const before = this.placed.targetsOf(key);
    if (change.type === 'DELETED') {
      this.items.delete(key);
      this.placed.set(key, new Set());
    } else {
      this.place(key, change.object);
    }
    const after = this.placed.targetsOf(key);
    const sameItem = item !== undefined && jsonEqual(item, this.items.get(key));
    const touched = new Set([...before, ...after]);
    const moved = [...touched].filter((t) => !sameItem || !before.has(t) || !after.has(t));
    if (moved.length === 0) return;
    for (const target of moved) this.versions.set(target, change.resourceVersion);
    this.changed(moved, change.resourceVersion);
  }

  private place(key: string, object: KubeObject): void {
    this.items.set(key, feedItemOf(object));
    this.placed.set(key, placedTargets(object.status));
  }
}
