// Deployment (apps/v1) as a user would `kubectl apply` it. The server types only the parts it
// reads (selector, template labels, replicas) and keeps every other field as given, so any
// Deployment field reaches the agents unchanged. Its status is the server's aggregate over the
// SyncTargets the Deployment is placed on.
import { Type, type Static } from 'typebox';
import { FailedOver, FailedOverFrom, Health, ReportRetained, UnhealthySince } from './health.js';
import { LabelSelector, ObjectMeta, StringMap, listOf } from './meta.js';
import { PodSpec } from './pod.js';
import { EntryHold } from './change-hold.js';
import { EntryRollout } from './rollout.js';
import { ReportDrift, SyncPolicy } from './sync-policy.js';

export const DEPLOYMENT_API_VERSION = 'apps/v1';
export const DEPLOYMENT_KIND = 'Deployment';

export const Count = (description?: string) => Type.Integer({ minimum: 0, ...(description ? { description } : {}) });
const Int32 = 2 ** 31 - 1;

export const PodTemplate = Type.Object(
  {
    metadata: Type.Optional(
      Type.Object(
        { labels: Type.Optional(StringMap), annotations: Type.Optional(StringMap) },
        { additionalProperties: true },
      ),
    ),
    spec: Type.Optional(PodSpec),
  },
  { additionalProperties: true, description: 'the pod template; its labels must match spec.selector' },
);

export const DeploymentSpec = Type.Object(
  {
    replicas: Type.Integer({ minimum: 0, maximum: Int32, default: 1, description: 'desired pods on each SyncTarget' }),
    selector: LabelSelector,
    template: PodTemplate,
    minReadySeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: Int32 })),
    revisionHistoryLimit: Type.Optional(Type.Integer({ minimum: 0, maximum: Int32 })),
    progressDeadlineSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: Int32 })),
    paused: Type.Optional(Type.Boolean()),
    strategy: Type.Optional(
      Type.Object({}, { additionalProperties: true, 'x-kubernetes-patch-strategy': 'retainKeys' }),
    ),
  },
  { additionalProperties: true, description: 'an apps/v1 DeploymentSpec; fields not listed here are kept as given' },
);

/** A condition of the Deployment in a downstream cluster (apps/v1 DeploymentCondition). */
export const DeploymentCondition = Type.Object(
  {
    type: Type.String({ maxLength: 316 }),
    status: Type.String({ maxLength: 16 }),
    reason: Type.Optional(Type.String({ maxLength: 1024 })),
    message: Type.Optional(Type.String({ maxLength: 32_768 })),
    lastUpdateTime: Type.Optional(Type.String({ format: 'date-time' })),
    lastTransitionTime: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);

/** An object of the same namespace, by kind and name. */
export const PlacedObjectReference = Type.Object(
  { kind: Type.String(), name: Type.String() },
  { additionalProperties: false },
);
export type PlacedObjectReference = Static<typeof PlacedObjectReference>;

export const SyncTargetEntry = Type.Object(
  {
    name: Type.String({ description: 'the SyncTarget' }),
    state: Type.Union(
      [Type.Literal('Pending'), Type.Literal('Applied'), Type.Literal('Error'), Type.Literal('Stale')],
      {
        description:
          'Pending until the agent reports; Applied or Error as it reported; Stale while the SyncTarget is not Ready',
      },
    ),
    reportedState: Type.Optional(
      Type.Union([Type.Literal('Applied'), Type.Literal('Error')], {
        description:
          "the state of the agent's last report, kept while the entry is Stale so it returns when the SyncTarget is Ready again",
      }),
    ),
    observedGeneration: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'the generation of the object the agent last applied',
      }),
    ),
    replicas: Type.Optional(Count('pods in that cluster')),
    readyReplicas: Type.Optional(Count('ready pods in that cluster')),
    availableReplicas: Type.Optional(Count('available pods in that cluster')),
    updatedReplicas: Type.Optional(Count('pods of the latest template in that cluster')),
    conditions: Type.Optional(
      Type.Array(DeploymentCondition, { description: 'the downstream Deployment conditions, as reported' }),
    ),
    health: Type.Optional(Health),
    unhealthySince: Type.Optional(UnhealthySince),
    failedOver: Type.Optional(FailedOver),
    failedOverFrom: Type.Optional(FailedOverFrom),
    status: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description:
          "the object's own status in that cluster, as reported " +
          '(kinds other than Deployment, whose counts are the fields above)',
      }),
    ),
    message: Type.Optional(Type.String()),
    lastUpdateTime: Type.String({ format: 'date-time', description: 'when this entry last changed' }),
    reason: Type.Optional(
      Type.Union([Type.Literal('Selected'), Type.Literal('DependencyOf')], {
        description: 'why the object is on this SyncTarget: a Placement selects it, or objects placed there need it',
      }),
    ),
    dependencyOf: Type.Optional(
      Type.Array(PlacedObjectReference, {
        description: 'for DependencyOf: the objects placed on this SyncTarget that need it, by kind and name',
      }),
    ),
    overrides: Type.Optional(
      Type.Array(Type.String(), {
        description: 'the Overrides that change the object on this SyncTarget, by name, in the order they apply',
      }),
    ),
    policy: Type.Optional(SyncPolicy),
    desiredReplicas: Type.Optional(
      Count('Divided replicaScheduling: the share of spec.replicas this SyncTarget runs (its feed says so)'),
    ),
    // As reported: the agent's own limits.
    retained: Type.Optional(ReportRetained),
    adopted: Type.Optional(Type.Boolean({ description: 'the agent took over an object that existed downstream' })),
    drift: Type.Optional(ReportDrift),
    hold: Type.Optional(EntryHold),
    rollout: Type.Optional(EntryRollout),
  },
  { description: 'The object on one SyncTarget it is placed on' },
);
export type SyncTargetEntry = Static<typeof SyncTargetEntry>;

// Every field optional, as in apps/v1: a manifest exported from a cluster carries a status of
// its own, which the server ignores rather than refuse; the server always fills all of them.
export const DeploymentStatus = Type.Object(
  {
    observedGeneration: Type.Optional(
      Type.Integer({
        minimum: 0,
        description:
          'the generation every SyncTarget it is placed on has reached: the oldest an agent reported applying ' +
          "(one less after an error applying it, 0 before its first report), the Deployment's own when every " +
          'one has it; `kubectl rollout status` and GitOps health checks wait for it, then read the counts',
      }),
    ),
    replicas: Type.Optional(Count('sum over the SyncTargets that reported and are not Stale')),
    updatedReplicas: Type.Optional(
      Count('sum over the SyncTargets that reported applying observedGeneration and are not Stale'),
    ),
    readyReplicas: Type.Optional(Count('sum over the SyncTargets that reported and are not Stale')),
    availableReplicas: Type.Optional(Count('sum over the SyncTargets that reported and are not Stale')),
    syncTargets: Type.Optional(
      Type.Array(SyncTargetEntry, { description: 'one entry per SyncTarget the Deployment is placed on, by name' }),
    ),
  },
  { description: 'Set by the server: the scheduler places entries, agents report into them' },
);
export type DeploymentStatus = Static<typeof DeploymentStatus>;

export const Deployment = Type.Object(
  {
    apiVersion: Type.Literal(DEPLOYMENT_API_VERSION),
    kind: Type.Literal(DEPLOYMENT_KIND),
    metadata: ObjectMeta,
    spec: DeploymentSpec,
    status: Type.Optional(DeploymentStatus),
  },
  { description: 'An apps/v1 Deployment, placed on SyncTargets by Placements' },
);
export type Deployment = Static<typeof Deployment>;

export const DeploymentList = listOf(Deployment, DEPLOYMENT_API_VERSION, DEPLOYMENT_KIND);
