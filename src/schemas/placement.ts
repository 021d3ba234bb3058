// Placement (scheduling.kcp.io/v1alpha1): which objects of a namespace go to which
// SyncTargets. Unknown spec fields are dropped, as a CRD with a structural schema prunes them.
import { Type, type Static } from 'typebox';
import { Condition, LabelSelector, ObjectMeta, listOf } from './meta.js';
import { ChangeWindow } from './change-hold.js';
import { ReplicaScheduling } from './replica-scheduling.js';
import { Rollout, RolloutStatus } from './rollout.js';
import { ConflictResolution, DeletionPolicy, DriftPolicy, IgnoreField } from './sync-policy.js';

export const PLACEMENT_API_VERSION = 'scheduling.kcp.io/v1alpha1';
export const PLACEMENT_KIND = 'Placement';

// Karmada's ResourceSelector, less its namespace: a Placement selects in its own namespace.
export const ResourceSelector = Type.Object(
  {
    apiVersion: Type.String({ description: 'e.g. v1, apps/v1' }),
    kind: Type.String({ description: 'a kind tmc carries, e.g. ConfigMap, StatefulSet' }),
    labelSelector: Type.Optional(Type.Object(LabelSelector.properties, { description: 'absent: any labels' })),
    names: Type.Optional(Type.Array(Type.String(), { maxItems: 1000, description: 'absent: any name' })),
  },
  { additionalProperties: false, description: 'objects of one kind that match both the labelSelector and the names' },
);
export type ResourceSelector = Static<typeof ResourceSelector>;

/** The objects of a namespace a Placement places, or an Override changes: one schema for both. */
export const ResourceSelectors = (description: string) => Type.Array(ResourceSelector, { maxItems: 100, description });

export const PurgeMode = Type.Union([Type.Literal('Graceful'), Type.Literal('Immediately'), Type.Literal('Never')], {
  description:
    'what happens on the target a workload fails over from: Graceful removes it once the new target ' +
    'reports it Healthy, Immediately removes it at once, Never leaves it there too',
});

// Karmada's application failover (PropagationPolicy.spec.failover.application), with its words.
export const Failover = Type.Object(
  {
    tolerationSeconds: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 86_400,
        description: 'how long a workload may stay unhealthy on a Ready target before it moves; absent: 300',
      }),
    ),
    purgeMode: Type.Optional(PurgeMode),
  },
  {
    additionalProperties: false,
    description:
      'move a selected object that stays unhealthy on a Ready target to another candidate ' +
      '(needs numberOfSyncTargets); the target it left is not chosen again for it until it is Healthy elsewhere',
  },
);
export type Failover = Static<typeof Failover>;

export const PlacementSpec = Type.Object(
  {
    deploymentSelector: Type.Optional(
      Type.Object(LabelSelector.properties, {
        description:
          "Deployments in the Placement's namespace, shorthand for a resourceSelector of apps/v1 " +
          'Deployment; empty selects all of them, and so does absent unless resourceSelectors is given',
      }),
    ),
    resourceSelectors: Type.Optional(
      ResourceSelectors(
        "objects of the Placement's namespace, of any kind tmc carries; their dependencies follow them",
      ),
    ),
    syncTargetSelector: Type.Optional(
      Type.Object(LabelSelector.properties, {
        description: 'SyncTargets by label; the candidates are these together with syncTargetNames',
      }),
    ),
    syncTargetNames: Type.Optional(Type.Array(Type.String(), { maxItems: 1000, description: 'SyncTargets by name' })),
    numberOfSyncTargets: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 10_000,
        description:
          'place each selected object on at most this many candidates (Ready ones first) and move it off ' +
          'one that is evicted or not Ready for longer than the eviction grace; absent: on every candidate',
      }),
    ),
    ignoreFields: Type.Optional(
      Type.Array(IgnoreField, {
        maxItems: 64,
        description: 'fields of the selected objects that the syncer does not correct downstream',
      }),
    ),
    conflictResolution: Type.Optional(ConflictResolution),
    deletionPolicy: Type.Optional(DeletionPolicy),
    driftPolicy: Type.Optional(DriftPolicy),
    replicaScheduling: Type.Optional(ReplicaScheduling),
    failover: Type.Optional(Failover),
    suspend: Type.Optional(
      Type.Boolean({
        description:
          'hold every change to the selected objects before the SyncTargets it chooses: each keeps the ' +
          'objects as last delivered (new ones wait) until suspend is false',
      }),
    ),
    suspendTargets: Type.Optional(
      Type.Array(Type.String(), {
        maxItems: 1000,
        description: 'hold changes before these SyncTargets only, by name (as suspend does for all)',
      }),
    ),
    changeWindows: Type.Optional(
      Type.Array(ChangeWindow, {
        maxItems: 16,
        description: 'changes reach the SyncTargets only while one of these windows is open; absent: any time',
      }),
    ),
    rollout: Type.Optional(Rollout),
  },
  { additionalProperties: false, description: 'Give syncTargetSelector, syncTargetNames or both' },
);
export type PlacementSpec = Static<typeof PlacementSpec>;

// Optional fields, as Kubernetes status fields are; the scheduler always fills both.
export const PlacementStatus = Type.Object(
  {
    selectedSyncTargets: Type.Optional(
      Type.Array(Type.String(), {
        description: 'the SyncTargets this Placement has placed at least one of its objects on, by name',
      }),
    ),
    conditions: Type.Optional(
      Type.Array(Condition, {
        description:
          'Scheduled: True when every selected object has the SyncTargets it asks for; False with reason ' +
          "APINotServed names each kind a candidate's cluster does not serve. Suspended (with suspend, " +
          'suspendTargets or changeWindows): True, reason Suspended or OutsideChangeWindow, while changes are ' +
          'held, naming what waits and the generation each held target keeps. RolloutHalted (with rollout): ' +
          'True, reason ProgressDeadlineExceeded, while a step failed and the later ones keep the last good generation',
      }),
    ),
    rollout: Type.Optional(RolloutStatus),
  },
  { description: 'Set by the scheduler' },
);
export type PlacementStatus = Static<typeof PlacementStatus>;

export const Placement = Type.Object(
  {
    apiVersion: Type.Literal(PLACEMENT_API_VERSION),
    kind: Type.Literal(PLACEMENT_KIND),
    metadata: ObjectMeta,
    spec: PlacementSpec,
    status: Type.Optional(PlacementStatus),
  },
  { description: 'Places the objects it selects, and what they depend on, on the SyncTargets it selects' },
);
export type Placement = Static<typeof Placement>;

export const PlacementList = listOf(Placement, PLACEMENT_API_VERSION, PLACEMENT_KIND);
