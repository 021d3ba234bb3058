// Placement as a resource: namespaced scheduling.kcp.io/v1alpha1. The scheduler fills its status.
import { validateSelectorObject } from '../../lib/label-selector.js';
import { type Cause, isApiVersion, isKindName, required, validateSubdomainName } from '../../lib/validation.js';
import { groupOf } from '../../schemas/apply-order.js';
import { CRD_API_VERSION } from '../../schemas/crd.js';
import { KINDS, PLACED_KINDS, apiVersionOfKind, kindEntry } from '../../schemas/kinds.js';
import type { KubeObject } from '../../schemas/meta.js';
import {
  PLACEMENT_KIND,
  Placement,
  PlacementList,
  type PlacementStatus,
  type ResourceSelector,
} from '../../schemas/placement.js';
import type { ResourceDefinition } from '../http/resource-definition.js';
import { validateChangeWindows } from './change-windows.js';
import * as schemas from '../../schemas/placement.js';

function validateNames(field: string, names: string[] | undefined): Cause[] {
  const causes: Cause[] = [];
  const seen = new Set<string>();
  (names ?? []).forEach((name, i) => {
    const at = `${field}[${i}]`;
    causes.push(...validateSubdomainName(at, name));
    if (seen.has(name)) {
      causes.push({ reason: 'FieldValueDuplicate', field: at, message: `Duplicate value: ${JSON.stringify(name)}` });
    }
    seen.add(name);
  });
  return causes;
}

const PLACEABLE = PLACED_KINDS.map((k) => `${apiVersionOfKind(k)} ${k.kind}`).join(', ');
/** The groups of the kinds tmc itself serves: a kind in one of them is one of those kinds. */
const BUILT_IN_GROUPS = new Set([...KINDS.map((k) => k.group), groupOf(CRD_API_VERSION)]);

/**
 * A custom resource's kind: any kind in a group of its own (with a dot, as a definition's group
 * has), whether or not its CustomResourceDefinition exists yet — the Placement waits for it, as
 * one naming a Deployment waits for that Deployment. Its definition goes along with its objects.
 */
function isCustomKind(selector: ResourceSelector): boolean {
  const group = groupOf(selector.apiVersion);
  return (
    isApiVersion(selector.apiVersion) &&
    group.includes('.') &&
    !BUILT_IN_GROUPS.has(group) &&
    isKindName(selector.kind) &&
    kindEntry(selector.kind) === undefined
  );
}

/** A kind tmc places (not its own SyncTarget or Placement) at the apiVersion tmc serves it, or a custom resource's. */
export function validateResourceSelector(selector: ResourceSelector, i: number): Cause[] {
  const field = `spec.resourceSelectors[${i}]`;
  const entry = PLACED_KINDS.find((k) => k.kind === selector.kind);
  const custom = !entry && isCustomKind(selector);
  if (!entry && !custom) {
    const message =
      `Unsupported value: ${JSON.stringify(selector.kind)}: tmc places ${PLACEABLE}, ` +
      "and custom resources by their own group's apiVersion (e.g. example.com/v1) and kind";
    return [{ reason: 'FieldValueNotSupported', field: `${field}.kind`, message }];
  }
  const causes = [
    ...validateSelectorObject(`${field}.labelSelector`, selector.labelSelector),
    ...validateNames(`${field}.names`, selector.names),
  ];
  if (entry && selector.apiVersion !== apiVersionOfKind(entry)) {
    causes.push({
      reason: 'FieldValueNotSupported',
      field: `${field}.apiVersion`,
      message:
        `Unsupported value: ${JSON.stringify(selector.apiVersion)}: ` +
        `${selector.kind} is served as ${apiVersionOfKind(entry)}`,
    });
  }
  return causes;
}

/**
 * Weights and byCapacity are two ways to size the shares of Divided and only one can decide (a
 * weight times capacity would be a third, not built): a spec giving both is refused rather than one
 * of them silently ignored. With Duplicated both wait unused, so a type switched back and forth
 * keeps its weights.
 */
function validateReplicaScheduling(scheduling: Placement['spec']['replicaScheduling']): Cause[] {
  if (!scheduling?.byCapacity || (scheduling.weights?.length ?? 0) === 0) return [];
  const message =
    'Forbidden: may not be true when weights are given: the shares follow either the static weights ' +
    'or the capacity the agents report, not both; remove the weights or byCapacity';
  return [{ reason: 'FieldValueForbidden', field: 'spec.replicaScheduling.byCapacity', message }];
}

export function validatePlacement(object: KubeObject): Cause[] {
  const spec = (object as Placement).spec;
  const causes = [
    ...validateSelectorObject('spec.deploymentSelector', spec.deploymentSelector),
    ...(spec.resourceSelectors ?? []).flatMap(validateResourceSelector),
    ...validateSelectorObject('spec.syncTargetSelector', spec.syncTargetSelector),
    ...validateNames('spec.syncTargetNames', spec.syncTargetNames),
    ...validateNames('spec.suspendTargets', spec.suspendTargets),
    ...validateChangeWindows(spec.changeWindows),
    ...validateReplicaScheduling(spec.replicaScheduling),
  ];
  if (spec.syncTargetSelector === undefined && spec.syncTargetNames === undefined) {
    causes.push(
      required('spec.syncTargetSelector', 'Required value: give syncTargetSelector, syncTargetNames or both'),
    );
  }
  if (spec.failover !== undefined && spec.numberOfSyncTargets === undefined) {
    // Without it every candidate already has the object: there is nowhere to fail over to.
    const message = 'Required value: failover needs numberOfSyncTargets (there is nowhere to move otherwise)';
    causes.push(required('spec.numberOfSyncTargets', message));
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
