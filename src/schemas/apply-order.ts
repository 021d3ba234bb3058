// The kinds the agent syncs, in the order it applies them: what a later object needs comes
// first (a custom resource's CustomResourceDefinition; a Deployment's ServiceAccount, ConfigMaps,
// Secrets and claims; a RoleBinding's Role), and what only points at a workload (Ingress, HPA,
// PDB) comes last. Pruning goes the other way. `tmc bootstrap` grants exactly these kinds, the
// syncer watches exactly these, and the server's feed lists a target's objects in this order.
// Plain data, no schema: the syncer loads it.

export interface SyncedKind {
  /** The preferred version; the REST mapper finds the resource through the cluster's discovery. */
  apiVersion: string;
  kind: string;
  /** The plural resource, for the ClusterRole (RBAC names resources, not kinds). */
  resource: string;
}

/** Kinds of one rank are applied together; a rank starts once every lower one has been tried. */
export const APPLY_ORDER: readonly (readonly SyncedKind[])[] = [
  // Cluster-scoped, the one such kind: the feed carries it along with the custom resources it defines.
  [{ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', resource: 'customresourcedefinitions' }],
  [
    { apiVersion: 'v1', kind: 'ServiceAccount', resource: 'serviceaccounts' },
    // A namespace's bounds are in place before anything they bound is made there.
    { apiVersion: 'v1', kind: 'ResourceQuota', resource: 'resourcequotas' },
    { apiVersion: 'v1', kind: 'LimitRange', resource: 'limitranges' },
  ],
  [{ apiVersion: 'v1', kind: 'ConfigMap', resource: 'configmaps' }],
  [{ apiVersion: 'v1', kind: 'Secret', resource: 'secrets' }],
  [{ apiVersion: 'v1', kind: 'PersistentVolumeClaim', resource: 'persistentvolumeclaims' }],
  [{ apiVersion: 'v1', kind: 'Service', resource: 'services' }],
  [
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', resource: 'roles' },
    // Before the workloads: traffic rules are in place before the first pod starts.
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', resource: 'networkpolicies' },
  ],
  [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', resource: 'rolebindings' }],
  [
    { apiVersion: 'apps/v1', kind: 'Deployment', resource: 'deployments' },
    { apiVersion: 'apps/v1', kind: 'StatefulSet', resource: 'statefulsets' },
    { apiVersion: 'apps/v1', kind: 'DaemonSet', resource: 'daemonsets' },
    { apiVersion: 'batch/v1', kind: 'Job', resource: 'jobs' },
    { apiVersion: 'batch/v1', kind: 'CronJob', resource: 'cronjobs' },
  ],
  [
    { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', resource: 'ingresses' },
    { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', resource: 'horizontalpodautoscalers' },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', resource: 'poddisruptionbudgets' },
  ],
];

export const SYNCED_KINDS: readonly SyncedKind[] = APPLY_ORDER.flat();

export const groupOf = (apiVersion: string): string =>
  apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';

/** "Deployment.apps", "ConfigMap": a kind with its group, as kubectl writes it; versions do not matter. */
export const groupKind = (apiVersion: string, kind: string): string => {
  const group = groupOf(apiVersion);
  return group ? `${kind}.${group}` : kind;
};

/** The kind key of a CustomResourceDefinition, the only cluster-scoped kind the agent applies. */
export const DEFINITION_KIND = 'CustomResourceDefinition.apiextensions.k8s.io';

export const isDefinition = (apiVersion: string, kind: string): boolean =>
  groupKind(apiVersion, kind) === DEFINITION_KIND;

const RANKS = new Map(
  APPLY_ORDER.flatMap((kinds, rank) => kinds.map((k) => [groupKind(k.apiVersion, k.kind), rank] as const)),
);

/** The apply rank of a kind; any other kind goes after all of these (it may point at any of them). */
export const rankOf = (kindKey: string): number => RANKS.get(kindKey) ?? APPLY_ORDER.length;
