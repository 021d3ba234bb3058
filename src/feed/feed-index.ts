// Which objects are placed on each SyncTarget, of every kind the agents apply, as the agents' feed
// serves them, kept in memory on every replica from the shared informers (one per kind). Each
// target has a feed version: the resourceVersion of the last change that altered its set — a
// placement added or removed, or the fields or metadata of a placed object — and not status-only
// writes such as another target's report. Only targets whose set changed are announced.
import { jsonEqual } from '../lib/merge-patch.js';
import type { FeedItem } from '../schemas/agent.js';
import { groupKind, rankOf } from '../schemas/apply-order.js';
import { DEPLOYMENT_KIND } from '../schemas/deployment.js';
import { CARRIED_KINDS, kindEntry } from '../schemas/kinds.js';
import type { KubeObject } from '../schemas/meta.js';
import { type Informer, objectKey } from '../runtime/informer.js';
import type { SharedInformers } from '../runtime/shared-informers.js';
import { entriesOf } from '../scheduling/status-entries.js';
import type { SyncPolicy } from '../schemas/sync-policy.js';
import { PlacedByTarget } from '../scheduling/target-index.js';
import type { Change } from '../store/types.js';

/** The kinds the feed carries: every kind a Placement puts on a target. */
export const FEED_KINDS: readonly string[] = [DEPLOYMENT_KIND, ...CARRIED_KINDS.map((k) => k.kind)];

export type TargetsChanged = (targets: string[], resourceVersion: number) => void;

/** Everything but status and the server's bookkeeping (uid, resourceVersion, timestamps, managed fields). */
export function feedItemOf(object: KubeObject): FeedItem {
  const { apiVersion, kind, metadata, status: _status, ...fields } = object;
  const { name, namespace, labels, annotations, generation } = metadata;
  return {
    apiVersion,
    kind,
    metadata: {
      name: name!, namespace: namespace!, ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}),
      generation: generation ?? 0,
    },
    ...fields,
  };
}

/**
 * The index key of an object: its apply rank, kind, namespace and name, so that sorting the keys
 * of a target gives its objects in apply order, and by namespace and name within a kind.
 */
function feedKey(kind: string, object: KubeObject): string {
  const entry = kindEntry(kind)!;
  const rank = rankOf(groupKind(entry.group ? `${entry.group}/${entry.version}` : entry.version, kind));
  return `${String(rank).padStart(3, '0')} ${kind} ${objectKey(object)}`;
}

export class FeedIndex {
  private readonly informers: Informer[];
  private readonly unsubscribes: (() => void)[] = [];
  private readonly items = new Map<string, FeedItem>();
  /** Per placed object, the day-two policy of each target that has one (most have none). */
  private readonly policies = new Map<string, Map<string, SyncPolicy>>();
  private readonly placed = new PlacedByTarget();
  private readonly versions = new Map<string, number>();
  /**
   * The version of every target not changed since start. The lists' resourceVersion: never
   * older than a target's real version, so a change made before a restart is never missed
   * (an agent that was up to date just gets one extra answer).
   */
  private baseline = 0;

  constructor(informers: SharedInformers, private readonly changed: TargetsChanged) {
    this.informers = FEED_KINDS.map((kind) => informers.informer(kind));
  }

  /** Takes in the objects listed (the replay of the shared caches), then hears each change. */
  async start(): Promise<void> {
    for (const informer of this.informers) await informer.synced();
    this.baseline = this.latest;
    for (const informer of this.informers) {
      const { kind } = informer;
      this.unsubscribes.push(informer.addHandler((change, _previous, initial) => {
        if (initial) this.place(feedKey(kind, change.object), change.object);
        else this.observe(feedKey(kind, change.object), change);
      }));
    }
  }

  stop(): void {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
  }

  /** The feed version of a target. */
  version(target: string): number {
    return this.versions.get(target) ?? this.baseline;
  }

  /** The newest store resourceVersion this replica has taken in. */
  get latest(): number {
    return Math.max(0, ...this.informers.map((i) => i.latest));
  }

  /** The target's objects in apply order (only those of `kind` when given). */
  itemsOn(target: string, kind?: string): FeedItem[] {
    const items = this.placed.keysOn(target).map((key) => this.withPolicy(key, target));
    return kind === undefined ? items : items.filter((item) => item.kind === kind);
  }

  private withPolicy(key: string, target: string): FeedItem {
    const item = this.items.get(key)!;
    const syncPolicy = this.policies.get(key)?.get(target);
    return syncPolicy ? { ...item, metadata: { ...item.metadata, syncPolicy } } : item;
  }

  private observe(key: string, change: Change): void {
    const item = this.items.get(key);
    const policies = this.policies.get(key);
    const before = this.placed.targetsOf(key);
    if (change.type === 'DELETED') {
      this.items.delete(key);
      this.policies.delete(key);
      this.placed.set(key, new Set());
    } else {
      this.place(key, change.object);
    }
    const after = this.placed.targetsOf(key);
    const sameItem = item !== undefined && jsonEqual(item, this.items.get(key));
    const touched = new Set([...before, ...after]);
    const samePolicy = (t: string) => jsonEqual(policies?.get(t), this.policies.get(key)?.get(t));
    const moved = [...touched].filter((t) => !sameItem || !before.has(t) || !after.has(t) || !samePolicy(t));
    if (moved.length === 0) return;
    for (const target of moved) this.versions.set(target, change.resourceVersion);
    this.changed(moved, change.resourceVersion);
  }

  /** Only placed objects are kept: the informer holds the rest (and every Secret) once already. */
  private place(key: string, object: KubeObject): void {
    const entries = entriesOf(object.status);
    const targets = new Set(entries.map((e) => e.name));
    if (targets.size > 0) this.items.set(key, feedItemOf(object));
    else this.items.delete(key);
    const policies = new Map(entries.flatMap((e) => (e.policy ? [[e.name, e.policy] as const] : [])));
    if (policies.size > 0) this.policies.set(key, policies);
    else this.policies.delete(key);
    this.placed.set(key, targets);
  }
}
