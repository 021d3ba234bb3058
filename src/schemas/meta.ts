// Shared Kubernetes shapes: object and list metadata, conditions, label selectors, Status.
// Shapes only; the name/label rules that JSON Schema cannot say well live in lib/validation.ts.
import { Type, type Static, type TSchema } from 'typebox';
import { keyedList } from './keyed-list.js';

export const StringMap = Type.Record(Type.String(), Type.String());

export const ManagedFieldsEntry = Type.Object(
  {
    manager: Type.Optional(Type.String()),
    operation: Type.Optional(Type.String({ description: 'Apply or Update' })),
    apiVersion: Type.Optional(Type.String()),
    time: Type.Optional(Type.String({ format: 'date-time' })),
    fieldsType: Type.Optional(Type.String({ description: 'FieldsV1' })),
    fieldsV1: Type.Optional(
      Type.Object({}, { additionalProperties: true, description: 'the fields, as a trie of f:, k:, v: keys' }),
    ),
    subresource: Type.Optional(Type.String()),
  },
  { description: 'The fields one manager owns' },
);
export type ManagedFieldsEntry = Static<typeof ManagedFieldsEntry>;

export const OwnerReference = Type.Object(
  {
    apiVersion: Type.String({ description: "the owner's API version, e.g. batch/v1" }),
    kind: Type.String(),
    name: Type.String(),
    uid: Type.String({ description: "the owner's incarnation: an owner of another uid is not this one" }),
    controller: Type.Optional(
      Type.Boolean({ description: 'the managing controller: at most one reference says true' }),
    ),
    blockOwnerDeletion: Type.Optional(
      Type.Boolean({ description: 'accepted; a foreground delete here does not wait' }),
    ),
  },
  { description: 'An object this one depends on: deleting the owner deletes this object too (garbage collection)' },
);
export type OwnerReference = Static<typeof OwnerReference>;

export const ObjectMeta = Type.Object(
  {
    name: Type.Optional(Type.String({ description: 'DNS-1123 subdomain, at most 253 characters' })),
    generateName: Type.Optional(Type.String({ description: 'prefix for a server-generated name when name is empty' })),
    namespace: Type.Optional(Type.String()),
    uid: Type.Optional(Type.String({ description: 'server-set' })),
    resourceVersion: Type.Optional(Type.String({ description: 'server-set; send back the one you read on PUT' })),
    generation: Type.Optional(Type.Integer({ description: 'server-set; bumped on every spec change' })),
    creationTimestamp: Type.Optional(Type.String({ format: 'date-time', description: 'server-set' })),
    deletionTimestamp: Type.Optional(
      Type.String({
        format: 'date-time',
        description: 'Kubernetes sets it while finalizers hold a delete; tmc deletes at once',
      }),
    ),
    labels: Type.Optional(StringMap),
    annotations: Type.Optional(StringMap),
    ownerReferences: keyedList(
      OwnerReference,
      ['uid'],
      'the objects this one depends on; when every owner is gone, the garbage collector deletes it',
    ),
    managedFields: Type.Optional(
      Type.Array(ManagedFieldsEntry, {
        description:
          'server-set: which manager owns which fields (server-side apply); a write that sends it changes nothing',
      }),
    ),
  },
  { description: 'Standard object metadata' },
);
export type ObjectMeta = Static<typeof ObjectMeta>;

export const ListMeta = Type.Object({
  resourceVersion: Type.String(),
  continue: Type.Optional(Type.String()),
  remainingItemCount: Type.Optional(Type.Integer()),
});

export const ConditionStatus = Type.Union([Type.Literal('True'), Type.Literal('False'), Type.Literal('Unknown')]);

export const Condition = Type.Object({
  type: Type.String(),
  status: ConditionStatus,
  reason: Type.Optional(Type.String()),
  message: Type.Optional(Type.String()),
  lastTransitionTime: Type.Optional(Type.String({ format: 'date-time' })),
});
export type Condition = Static<typeof Condition>;

export const LabelSelectorRequirement = Type.Object({
  key: Type.String(),
  operator: Type.String({ description: 'In, NotIn, Exists or DoesNotExist' }),
  values: Type.Optional(Type.Array(Type.String())),
});

// Atomic, as in Kubernetes: a write or an apply replaces a selector whole.
export const LabelSelector = Type.Object(
  {
    matchLabels: Type.Optional(StringMap),
    matchExpressions: Type.Optional(Type.Array(LabelSelectorRequirement)),
  },
  { 'x-kubernetes-map-type': 'atomic' },
);
export type LabelSelector = Static<typeof LabelSelector>;

export const StatusCause = Type.Object({
  reason: Type.String(),
  message: Type.String(),
  field: Type.String(),
});

export const Status = Type.Object(
  {
    apiVersion: Type.Literal('v1'),
    kind: Type.Literal('Status'),
    status: Type.Literal('Failure'),
    code: Type.Integer(),
    reason: Type.String(),
    message: Type.String(),
    details: Type.Optional(
      Type.Object({
        name: Type.Optional(Type.String()),
        group: Type.Optional(Type.String()),
        kind: Type.Optional(Type.String()),
        causes: Type.Optional(Type.Array(StatusCause)),
        retryAfterSeconds: Type.Optional(Type.Integer({ description: 'as the Retry-After header of a 429' })),
      }),
    ),
  },
  { description: 'A Kubernetes Status: the body of every non-2xx answer' },
);
export type Status = Static<typeof Status>;

export const DeleteOptions = Type.Object(
  {
    apiVersion: Type.Optional(Type.String({ description: 'v1 or meta.k8s.io/v1' })),
    kind: Type.Optional(Type.String({ description: 'DeleteOptions' })),
    preconditions: Type.Optional(
      Type.Object(
        { uid: Type.Optional(Type.String()), resourceVersion: Type.Optional(Type.String()) },
        {
          description: 'the object is deleted only while its uid and resourceVersion are these (else 409 Conflict)',
        },
      ),
    ),
    dryRun: Type.Optional(
      Type.Array(Type.String(), { description: '["All"]: answer what would be deleted, delete nothing' }),
    ),
    gracePeriodSeconds: Type.Optional(Type.Integer({ description: 'no effect: tmc objects go at once' })),
    propagationPolicy: Type.Optional(
      Type.String({
        description:
          'Background (the default; Orphan for a Job) or Foreground: the dependents (ownerReferences) are ' +
          'deleted after the object, without waiting; Orphan: they stay and lose their reference to it',
      }),
    ),
    orphanDependents: Type.Optional(
      Type.Boolean({ description: 'deprecated: use propagationPolicy; true is Orphan, false Background' }),
    ),
  },
  { description: 'DeleteOptions may be provided when deleting an API object' },
);
export type DeleteOptions = Static<typeof DeleteOptions>;

/** The list wrapper of a kind, e.g. SyncTargetList. */
export function listOf<T extends TSchema>(item: T, apiVersion: string, kind: string) {
  return Type.Object({
    apiVersion: Type.Literal(apiVersion),
    kind: Type.Literal(`${kind}List`),
    metadata: ListMeta,
    items: Type.Array(item),
  });
}

/**
 * Any Kubernetes-shaped object: as the store and the generic routes see it, as the agent reads it
 * downstream and as the CLI reads it from a file or the server. Every kind's own top-level
 * fields (spec, data, rules...) are kept as given.
 */
export const KubeObject = Type.Object(
  {
    apiVersion: Type.String(),
    kind: Type.String(),
    metadata: ObjectMeta,
    spec: Type.Optional(Type.Unknown()),
    status: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: true },
);
// Static<> drops additionalProperties: the index signature says the other fields are kept.
export type KubeObject = Static<typeof KubeObject> & { [field: string]: unknown };
