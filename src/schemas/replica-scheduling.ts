// How a Placement spreads the replicas of a Deployment or StatefulSet over the targets it chooses:
// the full count on each (Duplicated), or divided among them (Divided), by static weights per
// target or by the capacity each target's agent reports. As Karmada's replicaScheduling.
import { Type, type Static } from 'typebox';
import { LabelSelector } from './meta.js';

export const TargetWeight = Type.Object(
  {
    name: Type.Optional(Type.String({ description: 'a SyncTarget by name' })),
    targetSelector: Type.Optional(Type.Object(LabelSelector.properties, { description: 'SyncTargets by label' })),
    weight: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  },
  {
    additionalProperties: false,
    description: 'the weight of the targets named or selected; the first entry that matches a target counts',
  },
);

export const ReplicaScheduling = Type.Object(
  {
    type: Type.Union([Type.Literal('Duplicated'), Type.Literal('Divided')], {
      default: 'Duplicated',
      description: 'Duplicated: every target runs spec.replicas; Divided: the targets share them',
    }),
    weights: Type.Optional(
      Type.Array(TargetWeight, {
        maxItems: 100,
        description: 'Divided: shares in proportion to these weights (a target none matches gets 0)',
      }),
    ),
    byCapacity: Type.Optional(
      Type.Boolean({
        description: 'Divided: shares in proportion to the pods each target can still take, as its agent reports',
      }),
    ),
  },
  {
    additionalProperties: false,
    description:
      'for Deployments and StatefulSets: Divided without weights or byCapacity gives equal shares, ' +
      'the remainder one each to the targets first by name',
  },
);
export type ReplicaScheduling = Static<typeof ReplicaScheduling>;
