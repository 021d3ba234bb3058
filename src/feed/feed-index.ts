// Which Deployments are placed on each SyncTarget, as the agents' feed serves them, kept in
// memory on every replica from the store's change feed. Each target has a feed version: the
// resourceVersion of the last change that altered its set — a placement added or removed, or
// the spec or metadata of a placed Deployment — and not status-only writes such as another
// target's report. Only targets whose set changed are announced.
import { DEPLOYMENT_KIND } from '../api/deployments.js';
import { jsonEqual } from '../lib/merge-patch.js';
import type { KubeObject } from '../schemas/meta.js';
import { Informer, objectKey } from '../scheduling/informer.js';
import { entriesOf } from '../scheduling/status-entries.js';
import type { Change, Store } from '../store/types.js';

/** A Deployment as an agent applies it: no status, uid or other server bookkeeping. */
export interface FeedItem {
  apiVersion: string;
  kind: string;
  metadata: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; generation?: number };
  spec: unknown;
}

interface Placed {
  item: FeedItem;
  targets: Set<string>;
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
  private readonly deployments = new Map<string, Placed>();
  private readonly byTarget = new Map<string, Set<string>>();
  private readonly versions = new Map<string, number>();
  /**
   * The version of every target not changed since start. The list's resourceVersion: never
   * older than a target's real version, so a change made before a restart is never missed
   * (an agent that was up to date just gets one extra answer).
   */
  private baseline = 0;

  constructor(store: Store, private readonly changed: TargetsChanged) {
    this.informer = new Informer(store, [DEPLOYMENT_KIND], (change) => this.observe(change));
  }

  async start(): Promise<void> {
    await this.informer.start();
    this.baseline = this.informer.latest;
    for (const object of this.informer.list(DEPLOYMENT_KIND)) this.place(objectKey(object), this.placedOf(object));
  }

  stop(): void {
    this.informer.stop();
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
  items(target: string): FeedItem[] {
    const keys = [...(this.byTarget.get(target) ?? [])].sort();
    return keys.map((key) => this.deployments.get(key)!.item);
  }

  private placedOf(object: KubeObject): Placed {
    return { item: feedItemOf(object), targets: new Set(entriesOf(object.status).map((e) => e.name)) };
  }

  private observe(change: Change): void {
    const key = objectKey(change.object);
    const before = this.deployments.get(key);
    const after = change.type === 'DELETED' ? undefined : this.placedOf(change.object);
    const sameItem = before !== undefined && after !== undefined && jsonEqual(before.item, after.item);
    const touched = new Set([...(before?.targets ?? []), ...(after?.targets ?? [])]);
    const moved = [...touched].filter((t) => !sameItem || !before!.targets.has(t) || !after!.targets.has(t));
    this.unplace(key, before);
    if (after) this.place(key, after);
    else this.deployments.delete(key);
    if (moved.length === 0) return;
    for (const target of moved) this.versions.set(target, change.resourceVersion);
    this.changed(moved, change.resourceVersion);
  }

  private place(key: string, placed: Placed): void {
    this.deployments.set(key, placed);
    for (const target of placed.targets) {
      let keys = this.byTarget.get(target);
      if (!keys) this.byTarget.set(target, (keys = new Set()));
      keys.add(key);
    }
  }

  private unplace(key: string, placed: Placed | undefined): void {
    for (const target of placed?.targets ?? []) {
      const keys = this.byTarget.get(target);
      keys?.delete(key);
      if (keys?.size === 0) this.byTarget.delete(target);
    }
  }
}
