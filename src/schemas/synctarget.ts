// SyncTarget (workload.kcp.io/v1alpha1): one downstream cluster, as kcp's TMC modelled it.
import { Type, type Static } from 'typebox';
import { Condition, ConditionStatus, ObjectMeta, listOf } from './meta.js';

export const SYNC_TARGET_API_VERSION = 'workload.kcp.io/v1alpha1';
export const SYNC_TARGET_KIND = 'SyncTarget';

/** A Kubernetes quantity ("8", "500m", "32Gi", "1e3"), as apimachinery's resource package parses it. */
export const Quantity = Type.String({
  pattern: '^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?[0-9]+)?$',
  maxLength: 64,
  // Also what a client is told when a value does not match (see causesFromAjv).
  description: 'a Kubernetes quantity, such as 500m, 2, 1.5 or 4Gi',
});

export const ResourceList = Type.Record(Type.String(), Quantity, {
  maxProperties: 128,
  description: 'resource name to quantity, e.g. {"cpu": "8", "memory": "32Gi"}',
});

export const ApiResource = Type.Object(
  {
    group: Type.String({ maxLength: 253, description: 'empty for the core group' }),
    version: Type.String({ maxLength: 63 }),
    resource: Type.String({ maxLength: 253, description: 'the plural name, e.g. deployments' }),
    kind: Type.String({ maxLength: 253 }),
  },
  { additionalProperties: false, description: 'one resource the downstream API server serves, from its discovery' },
);
export type ApiResource = Static<typeof ApiResource>;

export const ApiResources = Type.Array(ApiResource, {
  maxItems: 4096,
  description: 'every resource the downstream cluster serves; absent: not reported, every kind counts as served',
});

export const ApiResourcesHash = Type.String({
  maxLength: 128,
  description: 'a digest of apiResources: the agent sends the list again only when this changes',
});

export const FreePods = Type.Integer({
  minimum: 0,
  description: 'pods the cluster can still take: allocatable pods less those running (byCapacity divides by it)',
});

export const SyncTargetSpec = Type.Object(
  {
    unschedulable: Type.Boolean({ default: false, description: 'cordon: no new Deployments are placed here' }),
    evictAfter: Type.Optional(
      Type.String({ format: 'date-time', description: 'from this time on every Deployment is taken off (drain)' }),
    ),
  },
  { additionalProperties: false, default: {}, description: 'What the operator asks of the cluster: cordon and drain' },
);

/** How many Ready transitions a SyncTarget's status keeps. */
export const CONDITION_HISTORY_MAX = 20;

export const ReadyTransition = Type.Object(
  {
    time: Type.String({ format: 'date-time' }),
    status: ConditionStatus,
    reason: Type.Optional(Type.String()),
  },
  { description: 'the Ready condition changed to this status (or reason) at this time' },
);
export type ReadyTransition = Static<typeof ReadyTransition>;

export const SyncTargetStatus = Type.Object(
  {
    conditions: Type.Optional(Type.Array(Condition)),
    conditionHistory: Type.Optional(
      Type.Array(ReadyTransition, {
        maxItems: CONDITION_HISTORY_MAX,
        description: `the server's latest changes of the Ready condition, oldest first, at most ${CONDITION_HISTORY_MAX}`,
      }),
    ),
    lastSyncerHeartbeatTime: Type.Optional(Type.String({ format: 'date-time' })),
    syncerVersion: Type.Optional(Type.String()),
    kubernetesVersion: Type.Optional(Type.String()),
    capacity: Type.Optional(ResourceList),
    allocatable: Type.Optional(ResourceList),
    apiResources: Type.Optional(ApiResources),
    freePods: Type.Optional(FreePods),
    apiResourcesHash: Type.Optional(ApiResourcesHash),
  },
  { description: 'Set by the server from the heartbeats of the syncer agent' },
);

export const SyncTarget = Type.Object(
  {
    apiVersion: Type.Literal(SYNC_TARGET_API_VERSION),
    kind: Type.Literal(SYNC_TARGET_KIND),
    metadata: ObjectMeta,
    spec: SyncTargetSpec,
    status: Type.Optional(SyncTargetStatus),
  },
  { description: 'A downstream cluster that a syncer agent serves' },
);
export type SyncTarget = Static<typeof SyncTarget>;
export type SyncTargetStatus = Static<typeof SyncTargetStatus>;

export const SyncTargetList = listOf(SyncTarget, SYNC_TARGET_API_VERSION, SYNC_TARGET_KIND);
