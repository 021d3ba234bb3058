// Placement as a resource: namespaced scheduling.kcp.io/v1alpha1. The scheduler fills its status.
import { validateSelectorObject } from '../lib/label-selector.js';
import { type Cause, required, validateSubdomainName } from '../lib/validation.js';
import type { KubeObject } from '../schemas/meta.js';
import { PLACEMENT_KIND, Placement, PlacementList, type PlacementStatus } from '../schemas/placement.js';
import type { ResourceDefinition } from './resource-definition.js';
import * as schemas from '../schemas/placement.js';

export function validatePlacement(object: KubeObject): Cause[] {
  const spec = (object as Placement).spec;
  const causes = [
    ...validateSelectorObject('spec.deploymentSelector', spec.deploymentSelector),
    ...validateSelectorObject('spec.syncTargetSelector', spec.syncTargetSelector),
  ];
  const seen = new Set<string>();
  (spec.syncTargetNames ?? []).forEach((name, i) => {
    const field = `spec.syncTargetNames[${i}]`;
    causes.push(...validateSubdomainName(field, name));
    if (seen.has(name)) causes.push({ reason: 'FieldValueDuplicate', field, message: `Duplicate value: ${JSON.stringify(name)}` });
    seen.add(name);
  });
  if (spec.syncTargetSelector === undefined && spec.syncTargetNames === undefined) {
    causes.push(required('spec.syncTargetSelector', 'Required value: give syncTargetSelector, syncTargetNames or both'));
  }
  return causes;
}

export const initialPlacementStatus = (): PlacementStatus => ({ selectedSyncTargets: [], conditions: [] });

export const placementResource: ResourceDefinition = {
  group: 'scheduling.kcp.io',
  version: 'v1alpha1',
  kind: PLACEMENT_KIND,
  plural: 'placements',
  namespaced: true,
  schema: Placement,
  listSchema: PlacementList,
  validate: validatePlacement,
  initialStatus: initialPlacementStatus,
  categories: ['tmc'],
  namedSchemas: schemas,
};
