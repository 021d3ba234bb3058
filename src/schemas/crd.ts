// CustomResourceDefinition (apiextensions.k8s.io/v1): a kind a user adds to tmc without a restart.
// The shape of Kubernetes' own, with what tmc reads typed and each version's openAPIV3Schema kept
// as given (its own JSON schema, compiled when the kind is served: src/api/custom).
import { Type, type Static } from 'typebox';
import { Condition, ObjectMeta, listOf } from './meta.js';

export const CRD_API_VERSION = 'apiextensions.k8s.io/v1';
export const CRD_KIND = 'CustomResourceDefinition';

const Name = (description: string) => Type.String({ minLength: 1, maxLength: 63, description });

export const CustomResourceNames = Type.Object(
  {
    kind: Name('the kind of the objects, CamelCase, e.g. Widget'),
    plural: Name('the lower-case plural of the paths, e.g. widgets'),
    singular: Type.Optional(Name('the lower-case singular; the kind in lower case when empty')),
    listKind: Type.Optional(Name('the kind of lists; <kind>List when empty')),
    shortNames: Type.Optional(Type.Array(Type.String(), { description: 'abbreviations kubectl accepts' })),
    categories: Type.Optional(Type.Array(Type.String(), { description: 'groups such as "all" for kubectl get' })),
  },
  { description: 'The names of the kind' },
);
export type CustomResourceNames = Static<typeof CustomResourceNames>;

/** The types a printer column may have, as kube-apiserver accepts them; a Table's cells are typed so. */
export const PrinterColumnType = Type.Union(
  [
    Type.Literal('integer'),
    Type.Literal('number'),
    Type.Literal('string'),
    Type.Literal('boolean'),
    Type.Literal('date'),
  ],
  { description: 'integer, number, string, boolean or date' },
);
export type PrinterColumnType = Static<typeof PrinterColumnType>;

export const PrinterColumn = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    type: PrinterColumnType,
    jsonPath: Type.String({ minLength: 1, description: 'a simple JSON path into the object, e.g. .spec.size' }),
    description: Type.Optional(Type.String()),
    format: Type.Optional(Type.String()),
    priority: Type.Optional(Type.Integer({ minimum: 0, description: '0: always shown; more: only with -o wide' })),
  },
  { description: 'A column of `kubectl get`' },
);
export type PrinterColumn = Static<typeof PrinterColumn>;

export const CustomResourceVersion = Type.Object(
  {
    name: Name('the version, e.g. v1'),
    served: Type.Boolean({ description: 'whether the version is served' }),
    storage: Type.Boolean({ description: 'whether objects are stored in it; exactly one version is' }),
    schema: Type.Optional(
      Type.Object(
        {
          openAPIV3Schema: Type.Optional(
            Type.Object({}, { additionalProperties: true, description: 'the structural schema of the objects' }),
          ),
        },
        { additionalProperties: true },
      ),
    ),
    subresources: Type.Optional(
      Type.Object(
        {
          status: Type.Optional(Type.Object({}, { additionalProperties: true })),
          scale: Type.Optional(Type.Object({}, { additionalProperties: true })),
        },
        { description: 'status: the /status subresource' },
      ),
    ),
    additionalPrinterColumns: Type.Optional(Type.Array(PrinterColumn)),
    deprecated: Type.Optional(Type.Boolean()),
    deprecationWarning: Type.Optional(Type.String()),
  },
  { description: 'One version of the kind' },
);
export type CustomResourceVersion = Static<typeof CustomResourceVersion>;

export const CustomResourceDefinitionSpec = Type.Object({
  group: Type.String({ minLength: 1, maxLength: 253, description: 'the API group, a DNS subdomain with a dot' }),
  names: CustomResourceNames,
  scope: Type.Union([Type.Literal('Namespaced'), Type.Literal('Cluster')]),
  versions: Type.Array(CustomResourceVersion, { minItems: 1 }),
  conversion: Type.Optional(Type.Object({}, { additionalProperties: true })),
  preserveUnknownFields: Type.Optional(Type.Boolean({ description: 'must be false in apiextensions.k8s.io/v1' })),
});

export const CustomResourceDefinitionStatus = Type.Object({
  conditions: Type.Optional(Type.Array(Condition)),
  acceptedNames: Type.Optional(CustomResourceNames),
  storedVersions: Type.Optional(Type.Array(Type.String())),
});

export const CustomResourceDefinition = Type.Object(
  {
    apiVersion: Type.Literal(CRD_API_VERSION),
    kind: Type.Literal(CRD_KIND),
    metadata: ObjectMeta,
    spec: CustomResourceDefinitionSpec,
    status: Type.Optional(CustomResourceDefinitionStatus),
  },
  { description: 'A kind added to tmc: served with its schema, in discovery and OpenAPI, placed like any other' },
);
export type CustomResourceDefinition = Static<typeof CustomResourceDefinition>;

export const CustomResourceDefinitionList = listOf(CustomResourceDefinition, CRD_API_VERSION, CRD_KIND);
