// The Placement `tmc adopt` writes: the adopted objects by name, on the one target they run on,
// with conflictResolution Adopt, so its agent takes each over in place. Adopting more later adds
// their names to the same Placement.
import type { KubeObject } from '../schemas/meta.js';
import { CliError } from './errors.js';
import { type KindInfo, apiVersionOf } from './kinds.js';

export const PLACEMENT_API_VERSION = 'scheduling.kcp.io/v1alpha1';
const MAX_NAME = 253;

interface Selector {
  apiVersion: string;
  kind: string;
  labelSelector?: unknown;
  names?: string[];
}

interface PlacementSpec {
  syncTargetNames?: string[];
  resourceSelectors?: Selector[];
  conflictResolution?: string;
  [field: string]: unknown;
}

export function placementName(given: string | undefined, target: string): string {
  if (given) return given;
  const name = `adopted-${target}`;
  if (name.length > MAX_NAME)
    throw new CliError(`the SyncTarget's name is too long for "${name}": pass --placement NAME`);
  return name;
}

/** One selector per kind, naming its objects (sorted, each once). */
export function selectorsFor(objects: { info: KindInfo; object: KubeObject }[]): Selector[] {
  const byKind = new Map<KindInfo, Set<string>>();
  for (const { info, object } of objects) {
    byKind.set(info, (byKind.get(info) ?? new Set()).add(object.metadata.name!));
  }
  return [...byKind].map(([info, names]) => ({
    apiVersion: apiVersionOf(info),
    kind: info.kind,
    names: [...names].sort(),
  }));
}

export function newPlacement(name: string, namespace: string, target: string, selectors: Selector[]): KubeObject {
  return {
    apiVersion: PLACEMENT_API_VERSION,
    kind: 'Placement',
    metadata: { name, namespace },
    spec: { syncTargetNames: [target], resourceSelectors: selectors, conflictResolution: 'Adopt' },
  };
}

/**
 * The spec of an existing Placement with the adopted objects added: names go into its selector
 * of that kind that already lists names (and selects by nothing else), or a new one.
 */
export function mergedSpec(existing: PlacementSpec, target: string, selectors: Selector[]): PlacementSpec {
  const merged = (existing.resourceSelectors ?? []).map((s) => ({ ...s }));
  for (const wanted of selectors) {
    const same = merged.find(
      (s) => s.apiVersion === wanted.apiVersion && s.kind === wanted.kind && s.names && !s.labelSelector,
    );
    if (same) same.names = [...new Set([...same.names!, ...wanted.names!])].sort();
    else merged.push(wanted);
  }
  const targets = existing.syncTargetNames ?? [];
  // With neither selector a Placement selects every Deployment; giving resourceSelectors would end that.
  const keepAll = existing.resourceSelectors === undefined && existing.deploymentSelector === undefined;
  return {
    ...existing,
    ...(keepAll ? { deploymentSelector: {} } : {}),
    syncTargetNames: targets.includes(target) ? targets : [...targets, target],
    resourceSelectors: merged,
    conflictResolution: 'Adopt',
  };
}
