// The core (v1) kinds an application brings along with its workloads. Only what the server reads
// is typed (data maps, selectors, references); the rest is kept as given.
import { Type } from 'typebox';
import { keyedList } from './keyed-list.js';
import { LabelSelector, StringMap } from './meta.js';
import { AnyObject, Open, kubeObject } from './kube-object.js';
import { Quantity } from './synctarget.js';

const Reference = Open({ name: Type.String() }, 'a reference to an object in the same namespace, by name');

export const ConfigMap = kubeObject(
  'v1',
  'ConfigMap',
  {
    data: Type.Optional(StringMap),
    binaryData: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'base64-encoded values' })),
    immutable: Type.Optional(Type.Boolean()),
  },
  'A v1 ConfigMap: configuration a workload mounts or reads into its environment',
);

// No pattern on the values: a refused value would be echoed in the error (see api/http/ajv.ts), and a
// Secret's data must never appear in one. The base64 check is in the kind's validation.
export const Secret = kubeObject(
  'v1',
  'Secret',
  {
    type: Type.Optional(Type.String({ maxLength: 253, description: 'e.g. Opaque, kubernetes.io/tls' })),
    data: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'base64-encoded values' })),
    stringData: Type.Optional(
      Type.Record(Type.String(), Type.String(), {
        description: 'write-only plain values, folded into data when stored',
      }),
    ),
    immutable: Type.Optional(Type.Boolean()),
  },
  'A v1 Secret; its data is encrypted at rest and never shown in logs or errors',
);

export const ServicePort = Open({
  name: Type.Optional(Type.String()),
  port: Type.Integer({ minimum: 1, maximum: 65535 }),
  protocol: Type.Optional(Type.String()),
  targetPort: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 65535 }), Type.String()])),
});

export const ServiceSpec = Open(
  {
    type: Type.Optional(Type.String({ description: 'ClusterIP, NodePort, LoadBalancer or ExternalName' })),
    selector: Type.Optional(StringMap),
    ports: keyedList(ServicePort, ['port', 'protocol'], 'merged by port (and protocol in an apply)'),
  },
  'a v1 ServiceSpec; fields not listed here are kept as given',
);

export const Service = kubeObject(
  'v1',
  'Service',
  { spec: Type.Optional(ServiceSpec) },
  'A v1 Service: a stable name and address for the pods its selector picks',
);

export const ServiceAccount = kubeObject(
  'v1',
  'ServiceAccount',
  {
    secrets: keyedList(Reference, ['name'], 'merged by name'),
    imagePullSecrets: Type.Optional(Type.Array(Reference)),
    automountServiceAccountToken: Type.Optional(Type.Boolean()),
  },
  'A v1 ServiceAccount: the identity a workload runs as',
);

export const PersistentVolumeClaimSpec = Open(
  {
    accessModes: Type.Optional(Type.Array(Type.String())),
    selector: Type.Optional(LabelSelector),
    resources: Type.Optional(AnyObject()),
    storageClassName: Type.Optional(Type.String()),
    volumeName: Type.Optional(Type.String()),
  },
  'a v1 PersistentVolumeClaimSpec; fields not listed here are kept as given',
);

export const PersistentVolumeClaim = kubeObject(
  'v1',
  'PersistentVolumeClaim',
  { spec: Type.Optional(PersistentVolumeClaimSpec) },
  'A v1 PersistentVolumeClaim: storage a workload asks for',
);

/** Resource names to quantities: "10", "4Gi", or a bare number, as apimachinery's Quantity reads JSON. */
const Quantities = Type.Record(Type.String(), Type.Union([Quantity, Type.Number()]), {
  description: 'resource name to quantity, e.g. {"requests.cpu": "4", "pods": 10}',
});

export const ResourceQuota = kubeObject(
  'v1',
  'ResourceQuota',
  {
    spec: Type.Optional(
      Open(
        {
          hard: Type.Optional(Quantities),
          scopes: Type.Optional(Type.Array(Type.String())),
          scopeSelector: Type.Optional(AnyObject()),
        },
        'a v1 ResourceQuotaSpec: the most a namespace may use of each resource',
      ),
    ),
  },
  'A v1 ResourceQuota: caps on what a namespace may use, enforced by each cluster',
);

const LimitRangeItem = Open(
  {
    type: Type.String({ description: 'Container, Pod or PersistentVolumeClaim' }),
    max: Type.Optional(Quantities),
    min: Type.Optional(Quantities),
    default: Type.Optional(Quantities),
    defaultRequest: Type.Optional(Quantities),
    maxLimitRequestRatio: Type.Optional(Quantities),
  },
  'a v1 LimitRangeItem',
);

export const LimitRange = kubeObject(
  'v1',
  'LimitRange',
  { spec: Type.Optional(Open({ limits: Type.Array(LimitRangeItem) }, 'a v1 LimitRangeSpec')) },
  "A v1 LimitRange: defaults and bounds of each container's, pod's or claim's resources in a namespace",
);
