// Every kind tmc serves, by name only: group, version, plural, short names, categories, scope.
// No schema here, and nothing that loads TypeBox: the CLI reads this table at start-up, and
// loading every kind's schema doubled its start time. kinds.ts adds each kind's schema.
// Short names and categories are kubectl's own (the `all` category holds what `kubectl get all` lists).

export interface KindNames {
  /** '' for the core group, served under /api/v1. */
  group: string;
  version: string;
  kind: string;
  /** The lower-case plural of the path, e.g. "configmaps". */
  plural: string;
  singular: string;
  shortNames: string[];
  categories: string[];
  namespaced: boolean;
}

type Row = [
  group: string,
  version: string,
  kind: string,
  plural: string,
  shortNames: string[],
  categories: string[],
  namespaced: boolean,
];

const ROWS = [
  ['workload.kcp.io', 'v1alpha1', 'SyncTarget', 'synctargets', ['st'], ['tmc'], false],
  ['apps', 'v1', 'Deployment', 'deployments', ['deploy'], ['all', 'tmc'], true],
  ['scheduling.kcp.io', 'v1alpha1', 'Placement', 'placements', [], ['tmc'], true],
  ['scheduling.kcp.io', 'v1alpha1', 'Override', 'overrides', [], ['tmc'], true],
  ['', 'v1', 'Namespace', 'namespaces', ['ns'], [], false],
  ['', 'v1', 'ConfigMap', 'configmaps', ['cm'], [], true],
  ['', 'v1', 'Secret', 'secrets', [], [], true],
  ['', 'v1', 'Service', 'services', ['svc'], ['all'], true],
  ['', 'v1', 'ServiceAccount', 'serviceaccounts', ['sa'], [], true],
  ['', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', ['pvc'], [], true],
  ['', 'v1', 'ResourceQuota', 'resourcequotas', ['quota'], [], true],
  ['', 'v1', 'LimitRange', 'limitranges', ['limits'], [], true],
  ['apps', 'v1', 'StatefulSet', 'statefulsets', ['sts'], ['all'], true],
  ['apps', 'v1', 'DaemonSet', 'daemonsets', ['ds'], ['all'], true],
  ['batch', 'v1', 'Job', 'jobs', [], ['all'], true],
  ['batch', 'v1', 'CronJob', 'cronjobs', ['cj'], ['all'], true],
  ['networking.k8s.io', 'v1', 'Ingress', 'ingresses', ['ing'], [], true],
  ['networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', ['netpol'], [], true],
  ['rbac.authorization.k8s.io', 'v1', 'Role', 'roles', [], [], true],
  ['rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', [], [], true],
  ['policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', ['pdb'], [], true],
  ['autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', ['hpa'], ['all'], true],
] as const satisfies readonly Readonly<Row>[];

/**
 * The kinds that stay in the control plane: tmc's own, which say where and how the others go,
 * and Namespaces, which hold the others (agents make a namespace downstream as they need it).
 * Never placed on clusters, never adopted from one.
 */
export const KEPT_KINDS: readonly string[] = ['SyncTarget', 'Placement', 'Override', 'Namespace'];

/** The name of a kind of the table: kinds.ts must give each one a schema, and only these. */
export type KindName = (typeof ROWS)[number][2];

export const KIND_NAMES: readonly (KindNames & { kind: KindName })[] = ROWS.map(
  ([group, version, kind, plural, shortNames, categories, namespaced]) => ({
    group,
    version,
    kind,
    plural,
    singular: kind.toLowerCase(),
    shortNames: [...shortNames],
    categories: [...categories],
    namespaced,
  }),
);
