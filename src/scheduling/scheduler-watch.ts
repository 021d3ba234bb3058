// What the scheduler knows between reconciles, kept from the informers' changes: the SyncTargets'
// scheduling state, the Placements' rules, where each object is placed and which dependencies
// each placed object names. A change queues only the keys it may affect, by key "Kind ns/name".
import { jsonEqual } from '../lib/merge-patch.js';
import { PLACED_KINDS } from '../schemas/kinds.js';
import type { KubeObject } from '../schemas/meta.js';
import { OVERRIDE_KIND } from '../schemas/override.js';
import { PLACEMENT_KIND } from '../schemas/placement.js';
import { SYNC_TARGET_KIND } from '../schemas/synctarget.js';
import { objectKey } from '../runtime/informer.js';
import type { Change } from '../store/types.js';
import { NEEDING_KINDS } from './dependencies.js';
import { holdSignature, needSignature, onlyStatusChanged, policySignature, sameMembers } from './change-signatures.js';
import { type OverrideRule, overrideRuleOf } from './override-rules.js';
import { type PlacementRule, isCandidate, ruleOf, selectedKinds, selects } from './placement-rules.js';
import { type Needed, neededOn } from './dependency-roots.js';
import { NeedIndex, keyFor, keyOfObject } from './need-index.js';
import { placedTargets } from './status-entries.js';
import { SettledStatuses } from './settled-statuses.js';
import { PlacedByTarget } from './target-index.js';
import { type TargetState, schedulingSignature, targetStateOf } from './target-state.js';

/** The kinds the scheduler places. */
export const PLACED: readonly string[] = PLACED_KINDS.map((k) => k.kind);

const MANY_TARGETS = 100; // queueForTarget: an object on this many targets or more is queued later
/** The kinds whose placement moves others: what needs things, and Services (Ingresses follow them). */
const CARRYING_KINDS: readonly string[] = [...NEEDING_KINDS, 'Service'];

export class SchedulerWatch {
  readonly targets = new Map<string, TargetState>();
  private readonly rules = new Map<string, PlacementRule>();
  private readonly overrides = new Map<string, OverrideRule>();
  private readonly placed = new PlacedByTarget();
  private readonly needs = new NeedIndex((namespace, kinds) => this.objectsIn(namespace, kinds));
  /** Told of the statuses the scheduler writes, it says which status-only changes need no reconcile. */
  readonly settling = new SettledStatuses();

  constructor(
    private readonly list: (kind: string) => Iterable<KubeObject>,
    private readonly queue: (key: string) => void,
    /** The kinds of custom resources defined now, placed as the built-in kinds are. */
    private readonly customKinds: () => readonly string[] = () => [],
    /** Queues a key after a short while, coalescing what arrives meanwhile (see `queueForTarget`). */
    private readonly queueLater: (key: string) => void = queue,
  ) {}

  private readonly placedKinds = (): string[] => [...PLACED, ...this.customKinds()];

  rule = (key: string): PlacementRule | undefined => this.rules.get(key);
  private readonly isReady = (target: string): boolean => this.targets.get(target)?.ready ?? false;

  rulesIn = (namespace: string): PlacementRule[] => [...this.rules.values()].filter((r) => r.namespace === namespace);

  overridesIn = (namespace: string): OverrideRule[] =>
    [...this.overrides.values()].filter((r) => r.namespace === namespace);

  *objectsIn(namespace: string, kinds: Iterable<string>): Iterable<KubeObject> {
    const placed = this.placedKinds();
    for (const kind of kinds) {
      if (!placed.includes(kind)) continue;
      for (const object of this.list(kind)) if (object.metadata.namespace === namespace) yield object;
    }
  }

  *allKeys(): Iterable<string> {
    for (const kind of this.placedKinds()) for (const object of this.list(kind)) yield keyOfObject(object);
    for (const key of this.rules.keys()) yield keyFor(PLACEMENT_KIND, key);
  }

  /** The targets where placed objects need `object`, from the selected roots (see dependency-roots.ts). */
  neededOn(object: KubeObject, cached: (key: string) => KubeObject | undefined): Map<string, Needed> {
    return neededOn({ key: keyOfObject, cached, needersOf: (o) => this.needs.needersOf(o) }, object);
  }

  clear(): void {
    this.targets.clear();
    this.rules.clear();
    this.overrides.clear();
    this.placed.clear();
    this.needs.clear();
  }

  /** An object already in the cache when the scheduler started: its state, no queueing yet. */
  take(object: KubeObject): void {
    if (object.kind === SYNC_TARGET_KIND) this.targets.set(object.metadata.name ?? '', targetStateOf(object));
    else if (object.kind === PLACEMENT_KIND) this.rules.set(objectKey(object), ruleOf(object));
    else if (object.kind === OVERRIDE_KIND) this.overrides.set(objectKey(object), overrideRuleOf(object));
    else this.index(object, false);
  }

  /** Queues what a change may affect; the reconciles decide whether anything really moves. */
  observe(change: Change, previous: KubeObject | undefined): void {
    const object = change.object;
    const gone = change.type === 'DELETED';
    if (object.kind === PLACEMENT_KIND) this.observeRule(object, previous, gone);
    else if (object.kind === SYNC_TARGET_KIND) this.observeTarget(object, gone);
    else if (object.kind === OVERRIDE_KIND) this.observeOverride(object, gone);
    else this.observeObject(object, previous, gone);
  }

  private index(object: KubeObject, gone: boolean): void {
    const key = keyOfObject(object);
    this.placed.set(key, gone ? new Set() : placedTargets(object.status));
    this.needs.index(object, gone);
  }

  private observeObject(object: KubeObject, previous: KubeObject | undefined, gone: boolean): void {
    const key = keyOfObject(object);
    // Reports (and the scheduler's own writes) change only the status: many need no reconcile, and
    // on an object on many targets the others wait for a coalesced turn, as a target's changes do.
    const statusOnly = !gone && previous !== undefined && onlyStatusChanged(previous, object);
    const settled = statusOnly ? this.settling.settled(previous, object, this.rulesIn, this.isReady) : undefined;
    if (settled === 'reports') return;
    const placedBefore = this.placed.targetsOf(key);
    // Status reports change none of what dependencies follow: no Service scan for them.
    const needsChanged = gone || !previous || needSignature(previous) !== needSignature(object);
    const dependenciesBefore = needsChanged ? this.needs.dependencyKeys(previous) : new Set<string>();
    this.index(object, gone);
    const placedNow = this.placed.targetsOf(key);
    if (!gone && !settled) (statusOnly && placedNow.size >= MANY_TARGETS ? this.queueLater : this.queue)(key);
    // A Placement's status reads only which objects it selects (their labels) and where they
    // are placed: status reports, which change neither, need not recompute it.
    const relabelled = !previous || !jsonEqual(previous.metadata.labels, object.metadata.labels);
    const holdsMoved = holdSignature(previous) !== holdSignature(gone ? undefined : object);
    if (gone || relabelled || holdsMoved || !sameMembers(placedBefore, placedNow)) {
      this.queuePlacementsOf([object, previous]);
    }
    const samePolicies = policySignature(previous) === policySignature(object);
    const unchanged = !needsChanged && samePolicies && sameMembers(placedBefore, placedNow);
    if (!CARRYING_KINDS.includes(object.kind) || unchanged) return;
    const dependenciesNow = gone ? new Set<string>() : this.needs.dependencyKeys(object);
    const affected = needsChanged ? [...dependenciesBefore, ...dependenciesNow] : dependenciesNow;
    for (const dependency of new Set(affected)) this.queue(dependency);
  }

  private observeRule(object: KubeObject, previous: KubeObject | undefined, gone: boolean): void {
    const key = objectKey(object);
    const before = this.rules.get(key);
    const after = gone ? undefined : ruleOf(object);
    if (after) this.rules.set(key, after);
    else this.rules.delete(key);
    const statusOnly = !gone && previous !== undefined && onlyStatusChanged(previous, object);
    // Its own status write needs no second look (on a fleet, a pass over every target); anyone else's is
    // computed again. The rule is as it was: re-queueing its objects would recompute a fleet's entries.
    if (after && !(statusOnly && this.settling.isOwn(object))) this.queue(keyFor(PLACEMENT_KIND, key));
    if (statusOnly) return;
    this.queueSelectedBy([before, after]);
  }

  /** The objects an Override selected or selects get their status entries' overrides again. */
  private observeOverride(object: KubeObject, gone: boolean): void {
    const key = objectKey(object);
    const before = this.overrides.get(key);
    const after = gone ? undefined : overrideRuleOf(object);
    if (after) this.overrides.set(key, after);
    else this.overrides.delete(key);
    this.queueSelectedBy([before, after]);
  }

  private observeTarget(object: KubeObject, gone: boolean): void {
    const name = object.metadata.name ?? '';
    const before = this.targets.get(name);
    const after = gone ? undefined : targetStateOf(object);
    if (before && after && schedulingSignature(before) === schedulingSignature(after)) return;
    if (after) this.targets.set(name, after);
    else this.targets.delete(name);
    const affected = [...this.rules.values()].filter((rule) => [before, after].some((t) => t && isCandidate(rule, t)));
    this.queueSelectedBy(affected, (key) => this.queueForTarget(key));
    // A Placement's status counts every target: in a large fleet it waits for a coalesced turn too.
    const queueRule = this.targets.size >= MANY_TARGETS ? this.queueLater : this.queue;
    for (const rule of affected) queueRule(keyFor(PLACEMENT_KIND, `${rule.namespace}/${rule.name}`));
    for (const key of this.placed.keysOn(name)) this.queueForTarget(key);
  }

  // A target's change rewrites the whole status of each object on it: one on many targets is
  // queued later, so a fleet's targets coming and going together cost it one write, not one each.
  private queueForTarget(key: string): void {
    if (this.placed.targetsOf(key).size >= MANY_TARGETS) this.queueLater(key);
    else this.queue(key);
  }

  private queueSelectedBy(
    rules: (Pick<PlacementRule, 'namespace' | 'selectors'> | undefined)[],
    queue: (key: string) => void = this.queue,
  ): void {
    for (const rule of rules) {
      if (!rule) continue;
      for (const object of this.objectsIn(rule.namespace, selectedKinds(rule))) {
        if (selects(rule, object)) queue(keyOfObject(object));
      }
    }
  }

  private queuePlacementsOf(objects: (KubeObject | undefined)[]): void {
    for (const [key, rule] of this.rules) {
      if (objects.some((o) => o && selects(rule, o))) this.queue(keyFor(PLACEMENT_KIND, key));
    }
  }
}
