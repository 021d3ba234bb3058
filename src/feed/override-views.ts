// What the Overrides make of the feed's objects on each SyncTarget: the Overrides by namespace,
// the targets' labels, and the changed copy of each object on each target where one applies
// (most objects have none, and are served as they are).
import type { FeedItem } from '../schemas/agent.js';
import type { KubeObject } from '../schemas/meta.js';
import { objectKey } from '../runtime/informer.js';
import { type OverrideRule, overridden, overrideRuleOf } from '../scheduling/override-rules.js';
import { selects } from '../scheduling/placement-rules.js';

export class OverrideViews {
  private readonly rules = new Map<string, Map<string, OverrideRule>>();
  private readonly labels = new Map<string, Record<string, string>>();
  /** Item key → target → the item as the Overrides there make it. */
  private readonly views = new Map<string, Map<string, FeedItem>>();

  get(key: string, target: string): FeedItem | undefined {
    return this.views.get(key)?.get(target);
  }

  /** Takes in an Override (or its deletion); returns its rule before and after. */
  setOverride(object: KubeObject, gone: boolean): (OverrideRule | undefined)[] {
    const namespace = object.metadata.namespace ?? '';
    let rules = this.rules.get(namespace);
    const before = rules?.get(object.metadata.name ?? '');
    const after = gone ? undefined : overrideRuleOf(object);
    if (after) {
      if (!rules) this.rules.set(namespace, (rules = new Map()));
      rules.set(after.name, after);
    } else if (before) {
      rules!.delete(before.name);
      if (rules!.size === 0) this.rules.delete(namespace);
    }
    return [before, after];
  }

  /** Takes in a SyncTarget's labels; says whether they changed. */
  setLabels(target: KubeObject, gone: boolean): boolean {
    const name = objectKey(target);
    const before = JSON.stringify(this.labels.get(name) ?? {});
    if (gone) this.labels.delete(name);
    else this.labels.set(name, target.metadata.labels ?? {});
    return before !== JSON.stringify(this.labels.get(name) ?? {});
  }

  /** Whether an Override may change this item anywhere. */
  /** The keys of the `items` that any of `rules` (an Override before and after its change) selects. */
  keysSelected(rules: (OverrideRule | undefined)[], items: Iterable<[string, FeedItem]>): string[] {
    const chosen = rules.filter((rule): rule is OverrideRule => rule !== undefined);
    return [...items].filter(([, item]) => chosen.some((rule) => this.mayChange(item, rule))).map(([key]) => key);
  }

  mayChange(item: FeedItem, rule?: OverrideRule): boolean {
    const rules = rule ? [rule] : (this.rules.get(item.metadata.namespace)?.values() ?? []);
    for (const r of rules) if (selects(r, item as unknown as KubeObject)) return true;
    return false;
  }

  /** Recomputes the item's views on these targets (none for a removed item). */
  compute(key: string, item: FeedItem | undefined, targets: Iterable<string>): void {
    const rules = item ? this.rules.get(item.metadata.namespace) : undefined;
    let views = this.views.get(key);
    for (const target of targets) {
      const labels = this.labels.get(target);
      const result =
        item && rules ? overridden(item, item as unknown as KubeObject, rules.values(), labels) : undefined;
      if (result && result.applied.length > 0) {
        if (!views) this.views.set(key, (views = new Map()));
        views.set(target, result.object);
      } else {
        views?.delete(target);
      }
    }
    if (views?.size === 0) this.views.delete(key);
  }

  /** Drops the views of targets the item is no longer on. */
  keepOnly(key: string, targets: ReadonlySet<string>): void {
    const views = this.views.get(key);
    if (!views) return;
    for (const target of views.keys()) if (!targets.has(target)) views.delete(target);
    if (views.size === 0) this.views.delete(key);
  }
}
