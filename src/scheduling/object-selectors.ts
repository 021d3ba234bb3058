// How a Placement (or an Override: the same selectors) matches the objects of its namespace.
import { type Requirement, matches, selectorRequirements } from '../lib/label-selector.js';
import { groupOf } from '../schemas/apply-order.js';
import type { KubeObject } from '../schemas/meta.js';
import type { ResourceSelector } from '../schemas/placement.js';

/** One resourceSelector (or the deploymentSelector) as the scheduler matches it. */
export interface ObjectSelector {
  apiVersion: string;
  kind: string;
  labels?: Requirement[];
  names?: Set<string>;
}

export const objectSelector = (s: ResourceSelector): ObjectSelector => ({
  apiVersion: s.apiVersion,
  kind: s.kind,
  labels: s.labelSelector ? selectorRequirements(s.labelSelector) : undefined,
  names: s.names ? new Set(s.names) : undefined,
});

// By group, not version: a custom resource is stored in the version it was written in, and a
// selector naming another served version of its kind still means it (built-in kinds have one).
const selectorMatches = (s: ObjectSelector, object: KubeObject): boolean =>
  s.kind === object.kind &&
  groupOf(s.apiVersion) === groupOf(object.apiVersion) &&
  (s.names === undefined || s.names.has(object.metadata.name ?? '')) &&
  (s.labels === undefined || matches(s.labels, object.metadata.labels));

/** Whether a Placement (or an Override: the same selectors) selects an object of its namespace. */
export const selects = (rule: { namespace: string; selectors: ObjectSelector[] }, object: KubeObject): boolean =>
  rule.namespace === object.metadata.namespace && rule.selectors.some((s) => selectorMatches(s, object));

/** The kinds a rule may select: the scheduler looks only at these when the rule changes. */
export const selectedKinds = (rule: { selectors: ObjectSelector[] }): Set<string> =>
  new Set(rule.selectors.map((s) => s.kind));
