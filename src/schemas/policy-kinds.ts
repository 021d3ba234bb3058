// Networking, RBAC, disruption and autoscaling kinds that go with a workload. Applied
// downstream as given; the server reads their selectors and references.
import { Type } from 'typebox';
import { LabelSelector } from './meta.js';
import { AnyObject, Open, kubeObject } from './kube-object.js';

const IntOrString = Type.Union([Type.Integer({ minimum: 0 }), Type.String()]);

export const IngressSpec = Open(
  {
    ingressClassName: Type.Optional(Type.String()),
    defaultBackend: Type.Optional(AnyObject()),
    rules: Type.Optional(Type.Array(AnyObject('an IngressRule'))),
    tls: Type.Optional(Type.Array(AnyObject('an IngressTLS'))),
  },
  'a networking.k8s.io/v1 IngressSpec; fields not listed here are kept as given',
);

export const Ingress = kubeObject(
  'networking.k8s.io/v1',
  'Ingress',
  { spec: Type.Optional(IngressSpec) },
  'A networking.k8s.io/v1 Ingress: HTTP routes to Services',
);

export const NetworkPolicySpec = Open(
  {
    podSelector: LabelSelector,
    policyTypes: Type.Optional(Type.Array(Type.String())),
    ingress: Type.Optional(Type.Array(AnyObject())),
    egress: Type.Optional(Type.Array(AnyObject())),
  },
  'a networking.k8s.io/v1 NetworkPolicySpec; fields not listed here are kept as given',
);

export const NetworkPolicy = kubeObject(
  'networking.k8s.io/v1',
  'NetworkPolicy',
  { spec: NetworkPolicySpec },
  'A networking.k8s.io/v1 NetworkPolicy: which traffic the selected pods take',
);

export const PolicyRule = Open({
  verbs: Type.Array(Type.String(), { minItems: 1 }),
  apiGroups: Type.Optional(Type.Array(Type.String())),
  resources: Type.Optional(Type.Array(Type.String())),
  resourceNames: Type.Optional(Type.Array(Type.String())),
  nonResourceURLs: Type.Optional(Type.Array(Type.String())),
});

export const Role = kubeObject(
  'rbac.authorization.k8s.io/v1',
  'Role',
  { rules: Type.Optional(Type.Array(PolicyRule)) },
  'An rbac.authorization.k8s.io/v1 Role: permissions in one namespace',
);

export const RoleRef = Type.Object(
  {
    apiGroup: Type.String(),
    kind: Type.String({ description: 'Role or ClusterRole' }),
    name: Type.String(),
  },
  { description: 'the Role or ClusterRole a binding grants' },
);

export const Subject = Open({
  kind: Type.String({ description: 'User, Group or ServiceAccount' }),
  name: Type.String(),
  apiGroup: Type.Optional(Type.String()),
  namespace: Type.Optional(Type.String()),
});

export const RoleBinding = kubeObject(
  'rbac.authorization.k8s.io/v1',
  'RoleBinding',
  {
    roleRef: RoleRef,
    subjects: Type.Optional(Type.Array(Subject)),
  },
  'An rbac.authorization.k8s.io/v1 RoleBinding: a Role granted to subjects in one namespace',
);

export const PodDisruptionBudgetSpec = Open(
  {
    selector: Type.Optional(LabelSelector),
    minAvailable: Type.Optional(IntOrString),
    maxUnavailable: Type.Optional(IntOrString),
  },
  'a policy/v1 PodDisruptionBudgetSpec; fields not listed here are kept as given',
);

export const PodDisruptionBudget = kubeObject(
  'policy/v1',
  'PodDisruptionBudget',
  { spec: Type.Optional(PodDisruptionBudgetSpec) },
  'A policy/v1 PodDisruptionBudget: how many pods may be down at once',
);

export const CrossVersionObjectReference = Type.Object(
  {
    apiVersion: Type.Optional(Type.String()),
    kind: Type.String(),
    name: Type.String(),
  },
  { description: 'the workload to scale' },
);

export const HorizontalPodAutoscalerSpec = Open(
  {
    scaleTargetRef: CrossVersionObjectReference,
    minReplicas: Type.Optional(Type.Integer({ minimum: 1 })),
    maxReplicas: Type.Integer({ minimum: 1 }),
    metrics: Type.Optional(Type.Array(AnyObject('a MetricSpec'))),
    behavior: Type.Optional(AnyObject()),
  },
  'an autoscaling/v2 HorizontalPodAutoscalerSpec; fields not listed here are kept as given',
);

export const HorizontalPodAutoscaler = kubeObject(
  'autoscaling/v2',
  'HorizontalPodAutoscaler',
  { spec: HorizontalPodAutoscalerSpec },
  'An autoscaling/v2 HorizontalPodAutoscaler: replicas that follow load',
);
