// autoscaling/v1 Scale: the /scale subresource of a Deployment, as `kubectl scale` and
// HorizontalPodAutoscalers read and write it.
import { Type, type Static } from 'typebox';
import { ObjectMeta } from './meta.js';

export const SCALE_API_VERSION = 'autoscaling/v1';
export const SCALE_KIND = 'Scale';

export const ScaleSpec = Type.Object(
  {
    replicas: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1, description: 'desired pods on each SyncTarget' }),
    ),
  },
  { additionalProperties: false, description: 'the desired scale' },
);

export const ScaleStatus = Type.Object(
  {
    replicas: Type.Integer({ minimum: 0, description: "the Deployment's status.replicas" }),
    selector: Type.Optional(
      Type.String({ description: "the Deployment's selector in the string form of labelSelector" }),
    ),
  },
  { additionalProperties: false, description: 'the current scale (ignored when written)' },
);

export const Scale = Type.Object(
  {
    apiVersion: Type.Literal(SCALE_API_VERSION),
    kind: Type.Literal(SCALE_KIND),
    metadata: ObjectMeta,
    spec: ScaleSpec,
    status: Type.Optional(ScaleStatus),
  },
  { description: 'The scale of a Deployment (autoscaling/v1 Scale)' },
);
export type Scale = Static<typeof Scale>;

/** What a client may send: apiVersion and kind optional, as for the kinds themselves. */
export const ScaleInput = Type.Object(
  {
    apiVersion: Type.Optional(Type.String()),
    kind: Type.Optional(Type.String()),
    metadata: Type.Optional(ObjectMeta),
    spec: Type.Optional(ScaleSpec),
    status: Type.Optional(Type.Object({}, { additionalProperties: true })),
  },
  { description: 'An autoscaling/v1 Scale; only spec.replicas is written' },
);
