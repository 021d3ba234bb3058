// Override (scheduling.kcp.io/v1alpha1): small differences per SyncTarget (an image registry per
// region, replicas per cluster size), applied by the server to the objects it selects when it
// builds the feed of each target it selects, so an agent only ever sees the changed object.
import { Type, type Static } from 'typebox';
import { LabelSelector, ObjectMeta, listOf } from './meta.js';
import { PLACEMENT_API_VERSION, ResourceSelectors } from './placement.js';

export const OVERRIDE_API_VERSION = PLACEMENT_API_VERSION;
export const OVERRIDE_KIND = 'Override';

export const ImageOverride = Type.Object(
  {
    registry: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 253,
        description:
          'the registry every image is pulled from: a host, an optional port and path, e.g. eu.gcr.io/mirror',
      }),
    ),
    tag: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 128,
        description: 'the tag every image gets (a digest is dropped)',
      }),
    ),
  },
  { additionalProperties: false, description: 'rewrites every container and initContainer image of the pod template' },
);
export type ImageOverride = Static<typeof ImageOverride>;

// One object with a field per form rather than a union, so the schema stays structural (as a CRD's
// must) and admission names the one bad field; exactly one form per change.
export const OverrideChange = Type.Object(
  {
    op: Type.Optional(
      Type.Union([Type.Literal('replace'), Type.Literal('add'), Type.Literal('remove')], {
        description: 'a JSON Patch operation (RFC 6902) on path; with path',
      }),
    ),
    path: Type.Optional(
      Type.String({
        maxLength: 1024,
        description: 'a JSON pointer (RFC 6901) into the object, e.g. /spec/template/spec/nodeSelector',
      }),
    ),
    value: Type.Optional(Type.Unknown({ description: 'the value of replace and add' })),
    image: Type.Optional(ImageOverride),
    replicas: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'sets spec.replicas' })),
  },
  { additionalProperties: false, description: 'one change: op and path (and value), or image, or replicas' },
);
export type OverrideChange = Static<typeof OverrideChange>;

export const OverrideSpec = Type.Object(
  {
    resourceSelectors: ResourceSelectors("the objects of the Override's namespace it changes, as a Placement's"),
    targetSelector: Type.Object(LabelSelector.properties, {
      description: 'the SyncTargets, by label, on which the objects are changed; empty: every SyncTarget',
    }),
    changes: Type.Array(OverrideChange, { minItems: 1, maxItems: 100, description: 'applied in order' }),
  },
  {
    additionalProperties: false,
    description: 'Overrides that select the same object apply in the order of their names',
  },
);
export type OverrideSpec = Static<typeof OverrideSpec>;

export const Override = Type.Object(
  {
    apiVersion: Type.Literal(OVERRIDE_API_VERSION),
    kind: Type.Literal(OVERRIDE_KIND),
    metadata: ObjectMeta,
    spec: OverrideSpec,
  },
  { description: 'Changes the objects it selects on the SyncTargets it selects, in the feed of those targets' },
);
export type Override = Static<typeof Override>;

export const OverrideList = listOf(Override, OVERRIDE_API_VERSION, OVERRIDE_KIND);
