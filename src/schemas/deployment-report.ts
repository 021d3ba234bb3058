// The agent's report of a Deployment in its cluster: the downstream apps/v1 status as read there,
// and what the agent says it did with the generation it applied.
import { Type, type Static } from 'typebox';
import { Count, DeploymentCondition } from './deployment.js';
import { Health, ReportAdopted, ReportRetained } from './health.js';
import { ReportDrift } from './sync-policy.js';

/** An apps/v1 DeploymentStatus as the agent reads it from its cluster. */
export const DownstreamDeploymentStatus = Type.Object(
  {
    observedGeneration: Type.Optional(Type.Integer({ minimum: 0 })),
    replicas: Type.Optional(Count()),
    updatedReplicas: Type.Optional(Count()),
    readyReplicas: Type.Optional(Count()),
    availableReplicas: Type.Optional(Count()),
    unavailableReplicas: Type.Optional(Count()),
    collisionCount: Type.Optional(Count()),
    conditions: Type.Optional(Type.Array(DeploymentCondition, { maxItems: 32 })),
  },
  // Fields a newer Kubernetes adds are dropped rather than refused.
  { additionalProperties: false, description: 'the apps/v1 DeploymentStatus of the downstream Deployment' },
);

export const DeploymentStatusReport = Type.Object(
  {
    observedGeneration: Type.Integer({ minimum: 0, description: 'the generation of the Deployment the agent applied' }),
    state: Type.Union([Type.Literal('Applied'), Type.Literal('Error')]),
    message: Type.Optional(Type.String({ maxLength: 32_768, description: 'what went wrong, for Error' })),
    health: Type.Optional(Health),
    status: DownstreamDeploymentStatus,
    retained: Type.Optional(ReportRetained),
    adopted: Type.Optional(ReportAdopted),
    drift: Type.Optional(ReportDrift),
  },
  { additionalProperties: false, description: "An agent's report of the Deployment in its cluster" },
);
export type DeploymentStatusReport = Static<typeof DeploymentStatusReport>;
