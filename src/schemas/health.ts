// The health verdict of one object in one cluster, as the health interpreter (src/lib/health)
// gives it: the same words for every kind, so the control plane can list and count them
// without knowing each kind's status.
import { type Static, Type } from 'typebox';
import { ReportDrift } from './sync-policy.js';

export const HealthState = Type.Union(
  [Type.Literal('Healthy'), Type.Literal('Progressing'), Type.Literal('Degraded'), Type.Literal('Unknown')],
  {
    description:
      'Healthy: as asked and working; Progressing: getting there; Degraded: failed or stuck; Unknown: no way to tell',
  },
);
export type HealthState = Static<typeof HealthState>;

export const Health = Type.Object(
  {
    state: HealthState,
    reason: Type.String({ maxLength: 128, description: 'one CamelCase word, e.g. RolledOut, Bound, Complete, Exists' }),
    message: Type.Optional(Type.String({ maxLength: 1024 })),
  },
  { additionalProperties: false, description: 'the health of an object in its downstream cluster' },
);
export type Health = Static<typeof Health>;

export const UnhealthySince = Type.String({
  format: 'date-time',
  description: 'since when the reports say its health is not Healthy (failover counts tolerationSeconds from it)',
});
export const FailedOver = Type.Boolean({
  description:
    'the object failed over away from this SyncTarget and stays only until the new one is Healthy ' +
    '(purgeMode Graceful) or for good (Never)',
});

export const FailedOverFrom = Type.Array(Type.String(), {
  maxItems: 1000,
  description: 'the SyncTargets the object failed over from when it was placed on this one (Placement spec.failover)',
});

export const ReportRetained = Type.Array(Type.String({ maxLength: 1024 }), {
  maxItems: 64,
  description:
    'JSON pointers of the fields left as they are downstream: other controllers (an autoscaler, the ' +
    'API server) or the ignoreFields of the Placement own them',
});
export const ReportAdopted = Type.Boolean({
  description: 'true when the agent took over an object that already existed downstream (conflictResolution Adopt)',
});

/**
 * An agent's report of one object of any kind on its SyncTarget: the Deployment report's
 * shape, with the kind's own downstream `status` as the cluster wrote it (minus its
 * observedGeneration, which counts downstream generations) and the health verdict.
 */
export const ObjectStatusReport = Type.Object(
  {
    observedGeneration: Type.Integer({
      minimum: 0,
      description: 'the upstream generation of the object the agent applied',
    }),
    state: Type.Union([Type.Literal('Applied'), Type.Literal('Error')]),
    message: Type.Optional(Type.String({ maxLength: 32_768, description: 'what went wrong, for Error' })),
    health: Health,
    status: Type.Record(Type.String(), Type.Unknown(), {
      description: "the object's own status in the downstream cluster",
    }),
    retained: Type.Optional(ReportRetained),
    adopted: Type.Optional(ReportAdopted),
    drift: Type.Optional(ReportDrift),
  },
  { additionalProperties: false, description: "An agent's report of an object in its cluster" },
);
export type ObjectStatusReport = Static<typeof ObjectStatusReport>;
