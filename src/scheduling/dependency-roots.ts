// Where a dependency goes, computed from the Selected roots only: an object is needed on a target
// when a chain of "needs" leads to it from an object a Placement selects there. What a dependency
// itself needs or is needed by never keeps anything placed on its own, so links both ways (a
// Service and the Ingress fronting it) cannot hold each other once the workload leaves.
import type { PlacedObjectReference } from '../schemas/deployment.js';
import type { KubeObject } from '../schemas/meta.js';
import { selectedTargets } from './status-entries.js';

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
 * are there because of a selected root (sorted by kind and name).
 */
export function neededOn(graph: NeedGraph, object: KubeObject): Map<string, PlacedObjectReference[]> {
  const self = graph.key(object);
  const on = new Map<string, PlacedObjectReference[]>();
  for (const key of [...new Set(graph.needersOf(object))].sort()) {
    const needer = graph.cached(key);
    if (!needer || key === self) continue;
    for (const target of [...rootedTargets(graph, key, self)].sort()) {
      const refs = on.get(target) ?? [];
      refs.push({ kind: needer.kind, name: needer.metadata.name ?? '' });
      on.set(target, refs);
    }
  }
  return on;
}
