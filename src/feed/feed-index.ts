// Which objects are placed on each SyncTarget, of every kind the agents apply, as the agents' feed serves
// them, kept in memory on every replica from the shared informers (one per kind). Each target has a feed
// version: the resourceVersion of the last change that altered its set — a placement added or removed, the
// fields or metadata of a placed object, the labels of its namespace — and not status-only writes such as
// another target's report. Only targets whose set changed are announced. Overrides are applied here, per
// target: a change of an Override, or of a target's labels, changes the feed where they now look different.
import { jsonEqual } from '../lib/merge-patch.js';
import type { FeedItem } from '../schemas/agent.js';
import type { KubeObject } from '../schemas/meta.js';
import { OVERRIDE_KIND } from '../schemas/override.js';
import { SYNC_TARGET_KIND } from '../schemas/synctarget.js';
import { CRD_KIND } from '../schemas/crd.js';
import { FeedDefinitions } from './definitions.js';
import { type Informer, objectKey } from '../runtime/informer.js';
import type { SharedInformers } from '../runtime/shared-informers.js';
import { entriesOf, pinnedByRollout } from '../scheduling/status-entries.js';
import { PlacedByTarget } from '../scheduling/target-index.js';
import { reportsAlone } from '../scheduling/change-signatures.js';
import type { Change } from '../store/types.js';
import { FEED_KINDS, feedItemOf, feedKey } from './feed-item.js';
import { OverrideViews } from './override-views.js';
import { EntryTerms } from './entry-terms.js';
import type { HeldItems } from './held-items.js';
import { movedTargets } from './moved-targets.js';
import { FeedVersions, type TargetsChanged } from './feed-versions.js';

export type { TargetsChanged } from './feed-versions.js';

export class FeedIndex {
  private readonly informers: Informer[];
  private readonly definitions = new FeedDefinitions();
  private readonly unsubscribes: (() => void)[] = [];
  private readonly items = new Map<string, FeedItem>();
  private readonly terms = new EntryTerms();
  private readonly placed = new PlacedByTarget();
  private readonly overrides = new OverrideViews();
  private readonly versions: FeedVersions;

  constructor(
    informers: SharedInformers,
    changed: TargetsChanged,
    /** The copies held targets keep (suspend, change windows); without it nothing is held. */
    private readonly held?: HeldItems,
  ) {
    // The targets' labels and the Overrides first: an object is never taken in unchanged. Then
    // the custom resources' definitions, and the kinds they define, as they are now.
    this.informers = [SYNC_TARGET_KIND, OVERRIDE_KIND, ...FEED_KINDS, CRD_KIND, ...informers.addedKinds].map((kind) =>
      informers.informer(kind),
    );
    this.versions = new FeedVersions(changed);
    this.unsubscribes.push(informers.onAdded((informer) => this.follow(informer, true)));
  }

  /** Takes in the objects listed (the replay of the shared caches), then hears each change. */
  async start(): Promise<void> {
    await this.held?.load();
    for (const informer of this.informers) await informer.synced();
    this.versions.baseline = this.latest;
    for (const informer of this.informers) this.follow(informer, false);
  }

  /** Hears an informer's objects and changes; a kind defined after the start has its first list announced. */
  private follow(informer: Informer, late: boolean): void {
    const { kind } = informer;
    this.unsubscribes.push(
      informer.addHandler((change, previous, initial) => {
        const gone = change.type === 'DELETED';
        if (kind === SYNC_TARGET_KIND) this.observeTarget(change, initial);
        else if (kind === OVERRIDE_KIND) this.observeOverride(change, initial);
        else if (kind === CRD_KIND) this.observeDefinition(change, initial);
        else if (initial && !late) this.place(feedKey(kind, change.object), change.object, true);
        // Reports change no target's feed: in a fan-out, thousands on one object on as many targets.
        else if (!gone && reportsAlone(previous, change.object)) return;
        else
          this.announce([feedKey(kind, change.object)], change.resourceVersion, () => {
            const key = feedKey(kind, change.object);
            this.place(key, gone ? undefined : change.object);
          });
      }),
    );
  }

  stop(): void {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
  }

  /** The feed version of a target. */
  version(target: string): number {
    return this.versions.of(target);
  }

  /** The newest store resourceVersion this replica has taken in. */
  get latest(): number {
    return Math.max(0, ...this.informers.map((i) => i.latest));
  }

  /** The target's objects in apply order, as its Overrides make them (only those of `kind` when given). */
  itemsOn(target: string, kind?: string): FeedItem[] {
    const items = this.definitions.withDefinitions(
      this.placed.keysOn(target).flatMap((key) => this.view(key, target) ?? []),
    );
    return kind === undefined ? items : items.filter((item) => item.kind === kind);
  }

  /** What `target` gets of `key`: while held there its held copy (none: not delivered yet), else the live view. */
  private view(key: string, target: string): FeedItem | undefined {
    const held = this.held?.get(key, target);
    return held === undefined ? this.liveView(key, target) : (held ?? undefined);
  }

  /** The object as its Overrides make it on `target`, with its share and day-two policy there. */
  private liveView(key: string, target: string): FeedItem {
    return this.terms.apply(key, target, this.overrides.get(key, target) ?? this.items.get(key)!);
  }

  private viewsOf(key: string): Map<string, FeedItem> {
    const views = [...this.placed.targetsOf(key)].map((target) => [target, this.view(key, target)] as const);
    return new Map(views.filter((pair): pair is readonly [string, FeedItem] => pair[1] !== undefined));
  }

  /** Runs `update`, then announces the targets where any of `keys` now looks different, or came or went. */
  private announce(keys: string[], resourceVersion: number, update: () => void): void {
    const before = keys.map((key) => this.viewsOf(key));
    update();
    const moved = movedTargets(
      before,
      keys.map((key) => this.viewsOf(key)),
    );
    this.versions.bump(moved, resourceVersion);
  }

  /**
   * Only placed objects are kept: the informer holds the rest (and every Secret) once already.
   * An item whose fields did not change (a status report) keeps its views on its targets.
   */
  private place(key: string, object: KubeObject | undefined, initial = false): void {
    const entries = object ? entriesOf(object.status) : [];
    const generation = object?.metadata.generation ?? 0;
    const heldOn = new Set(entries.flatMap((e) => (e.hold || pinnedByRollout(e, generation) ? [e.name] : [])));
    // A hold that begins keeps what the target had until now (nothing, for an object new there).
    const was = this.placed.targetsOf(key);
    const newlyHeld = [...heldOn].filter((target) => this.held?.get(key, target) === undefined);
    if (!initial) for (const t of newlyHeld) this.held?.hold(key, t, was.has(t) ? this.liveView(key, t) : null);
    const targets = new Set(entries.map((e) => e.name));
    this.terms.take(key, entries);
    const previous = this.items.get(key);
    const fresh = targets.size > 0 ? feedItemOf(object!) : undefined;
    const unchanged = previous !== undefined && fresh !== undefined && jsonEqual(previous, fresh);
    const before = this.placed.targetsOf(key);
    if (fresh && !unchanged) this.items.set(key, fresh);
    else if (!fresh) this.items.delete(key);
    this.placed.set(key, targets);
    this.overrides.keepOnly(key, targets);
    const item = this.items.get(key);
    if (item && this.overrides.mayChange(item)) {
      this.overrides.compute(key, item, unchanged ? [...targets].filter((t) => !before.has(t)) : targets);
    } else {
      this.overrides.compute(key, undefined, targets);
    }
    // At start a hold with no stored copy (lost in a crash) can only keep the object as it is.
    if (initial) for (const t of newlyHeld) this.held?.hold(key, t, this.liveView(key, t));
    for (const t of this.held?.targetsOf(key) ?? []) if (!heldOn.has(t)) this.held?.release(key, t);
  }

  /**
   * A changed Override changes the views of the placed objects it selected or selects. The views
   * are cached: taken before the recompute, they are still those of the rules before the change.
   */
  private observeOverride(change: Change, initial: boolean): void {
    const rules = this.overrides.setOverride(change.object, change.type === 'DELETED');
    if (!initial) this.recompute(this.overrides.keysSelected(rules, this.items), change.resourceVersion);
  }

  private recompute(keys: string[], resourceVersion: number, targets?: string[]): void {
    this.announce(keys, resourceVersion, () => {
      for (const key of keys) this.overrides.compute(key, this.items.get(key), targets ?? this.placed.targetsOf(key));
    });
  }

  /** A definition that changes changes the feed of every target holding objects of its kind. */
  private observeDefinition(change: Change, initial: boolean): void {
    const kind = this.definitions.take(change.object, change.type === 'DELETED');
    if (!initial && kind !== undefined) this.bumpHolders((item) => item.kind === kind, change.resourceVersion);
  }

  /** The feeds holding any placed object `holds` matches changed (its definition, its namespace's labels). */
  bumpHolders(holds: (item: FeedItem) => boolean, resourceVersion: number): void {
    const keys = [...this.items].flatMap(([key, item]) => (holds(item) ? [key] : []));
    this.versions.bump(new Set(keys.flatMap((key) => [...this.placed.targetsOf(key)])), resourceVersion);
  }

  /** A target's new labels change the views of its objects. */
  private observeTarget(change: Change, initial: boolean): void {
    const gone = change.type === 'DELETED';
    const name = objectKey(change.object);
    if (!this.overrides.setLabels(change.object, gone) || initial) return;
    this.recompute(this.placed.keysOn(name), change.resourceVersion, [name]);
  }
}
