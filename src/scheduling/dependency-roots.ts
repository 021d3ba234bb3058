// Where a dependency goes, computed from the Selected roots only: an object is needed on a target
// when a chain of "needs" leads to it from an object a Placement selects there. What a dependency
// itself needs or is needed by never keeps anything placed on its own, so links both ways (a
// Service and the Ingress fronting it) cannot hold each other once the workload leaves.
import type { PlacedObjectReference } from '../schemas/deployment.js';
import type { KubeObject } from '../schemas/meta.js';
import type { SyncPolicy } from '../schemas/sync-policy.js';
import type { HoldReason } from '../schemas/change-hold.js';
import { entriesOf, selectedTargets } from './status-entries.js';

/** Where objects placed on a target need an object: those objects, and their day-two policies there. */
export interface Needed {
  by: PlacedObjectReference[];
  policies: SyncPolicy[];
  /** The holds of their entries there: a dependency waits with the objects that need it. */
  holds: HoldReason[];
}

export interface NeedGraph {
  key(object: KubeObject): string;
  cached(key: string): KubeObject | undefined;
  /** The keys of the objects that need `object` directly (the links pointing at it). */
  needersOf(object: KubeObject): Iterable<string>;
}

/** The targets where `start` or anything needing it, transitively, is selected (`skip` never counts). */
function rootedTargets(graph: NeedGraph, start: string, skip: string): Set<string> {
  const on = new Set<string>();
  const seen = new Set([skip]);
  const pending = [start];
  while (pending.length > 0) {
    const key = pending.pop()!;
    if (seen.has(key)) continue;
    seen.add(key);
    const object = graph.cached(key);
    if (!object) continue;
    for (const target of selectedTargets(object.status)) on.add(target);
    pending.push(...graph.needersOf(object));
  }
  return on;
}

/**
 * The targets where placed objects need `object`, each with the objects needing it directly that
 * are there because of a selected root (sorted by kind and name), and the policies their entries
 * there have (a dependency takes on its needers' policy).
 */
export function neededOn(graph: NeedGraph, object: KubeObject): Map<string, Needed> {
  const self = graph.key(object);
  const on = new Map<string, Needed>();
  for (const key of [...new Set(graph.needersOf(object))].sort()) {
    const needer = graph.cached(key);
    if (!needer || key === self) continue;
    const policies = new Map(entriesOf(needer.status).map((e) => [e.name, e.policy]));
    const holds = new Map(entriesOf(needer.status).map((e) => [e.name, e.hold?.reason]));
    for (const target of [...rootedTargets(graph, key, self)].sort()) {
      const needed = on.get(target) ?? { by: [], policies: [], holds: [] };
      needed.by.push({ kind: needer.kind, name: needer.metadata.name ?? '' });
      const policy = policies.get(target);
      if (policy) needed.policies.push(policy);
      const hold = holds.get(target);
      if (hold) needed.holds.push(hold);
      on.set(target, needed);
    }
  }
  return on;
}
