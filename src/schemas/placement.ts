// Placement (scheduling.kcp.io/v1alpha1): which Deployments of a namespace go to which
// SyncTargets. Unknown spec fields are dropped, as a CRD with a structural schema prunes them.
import { Type, type Static } from 'typebox';
import { Condition, LabelSelector, ObjectMeta, listOf } from './meta.js';

export const PLACEMENT_API_VERSION = 'scheduling.kcp.io/v1alpha1';
export const PLACEMENT_KIND = 'Placement';

export const PlacementSpec = Type.Object(
  {
    deploymentSelector: Type.Optional(Type.Object(LabelSelector.properties, {
      description: "Deployments in the Placement's namespace; empty or absent selects all of them",
    })),
    syncTargetSelector: Type.Optional(Type.Object(LabelSelector.properties, {
      description: 'SyncTargets by label; the candidates are these together with syncTargetNames',
    })),
    syncTargetNames: Type.Optional(Type.Array(Type.String(), { maxItems: 1000, description: 'SyncTargets by name' })),
    numberOfSyncTargets: Type.Optional(Type.Integer({
      minimum: 1,
      maximum: 10_000,
      description: 'place each Deployment on at most this many candidates (Ready ones first) and move it off one that is evicted ' +
        'or not Ready for longer than the eviction grace; absent: on every candidate',
    })),
  },
  { additionalProperties: false, description: 'Give syncTargetSelector, syncTargetNames or both' },
);
export type PlacementSpec = Static<typeof PlacementSpec>;

// Optional fields, as Kubernetes status fields are; the scheduler always fills both.
export const PlacementStatus = Type.Object({
  selectedSyncTargets: Type.Optional(Type.Array(Type.String(), {
    description: 'the SyncTargets this Placement has placed at least one of its Deployments on, by name',
  })),
  conditions: Type.Optional(Type.Array(Condition, { description: 'Scheduled: True when every selected Deployment has the SyncTargets it asks for' })),
}, { description: 'Set by the scheduler' });
export type PlacementStatus = Static<typeof PlacementStatus>;

export const Placement = Type.Object(
  {
    apiVersion: Type.Literal(PLACEMENT_API_VERSION),
    kind: Type.Literal(PLACEMENT_KIND),
    metadata: ObjectMeta,
    spec: PlacementSpec,
    status: Type.Optional(PlacementStatus),
  },
  { description: 'Places the Deployments it selects on the SyncTargets it selects' },
);
export type Placement = Static<typeof Placement>;

export const PlacementList = listOf(Placement, PLACEMENT_API_VERSION, PLACEMENT_KIND);
