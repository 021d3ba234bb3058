// Which Overrides change an object on a SyncTarget, and the object they make of it. Overrides
// apply in the order of their names, so the result never depends on when each was written; one
// whose changes cannot all apply to an object (a path the object does not have) is skipped for
// that object as a whole, never half-applied. The feed and the scheduler (for the per-target
// status entry) both call overridden(), so they agree on what applied.
import { type Requirement, matches, selectorRequirements } from '../lib/label-selector.js';
import type { KubeObject } from '../schemas/meta.js';
import type { Override, OverrideChange } from '../schemas/override.js';
import { type ObjectSelector, objectSelector, selects } from './placement-rules.js';
import { ChangeError, applyChanges } from './override-changes.js';

export interface OverrideRule {
  namespace: string;
  name: string;
  selectors: ObjectSelector[];
  targetSelector: Requirement[];
  changes: OverrideChange[];
}

export function overrideRuleOf(object: KubeObject): OverrideRule {
  const spec = (object as unknown as Override).spec;
  return {
    namespace: object.metadata.namespace ?? '',
    name: object.metadata.name ?? '',
    selectors: (spec.resourceSelectors ?? []).map(objectSelector),
    targetSelector: selectorRequirements(spec.targetSelector),
    changes: spec.changes ?? [],
  };
}

/** The rules that select `object` on a target with these labels, by name. */
export function overridesFor(
  rules: Iterable<OverrideRule>,
  object: KubeObject,
  labels: Record<string, string> | undefined,
): OverrideRule[] {
  return [...rules]
    .filter((rule) => selects(rule, object) && matches(rule.targetSelector, labels))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export interface Overridden<T> {
  object: T;
  /** The names of the Overrides applied, in order. */
  applied: string[];
  /** The Overrides that select the object there but could not apply, and why. */
  failed: { name: string; message: string }[];
}

/**
 * `item` (the object as the feed carries it, or the object itself) with the changes of each
 * rule applied in order. `object` is what the rules select by (its kind, namespace, labels).
 */
export function overridden<T extends { kind: string }>(
  item: T,
  object: KubeObject,
  rules: Iterable<OverrideRule>,
  labels: Record<string, string> | undefined,
): Overridden<T> {
  const result: Overridden<T> = { object: item, applied: [], failed: [] };
  for (const rule of overridesFor(rules, object, labels)) {
    try {
      result.object = applyChanges(result.object, rule.changes);
      result.applied.push(rule.name);
    } catch (error) {
      if (!(error instanceof ChangeError)) throw error;
      result.failed.push({ name: rule.name, message: `spec.changes[${error.index}]: ${error.message}` });
    }
  }
  return result;
}
