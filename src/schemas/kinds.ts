// Every kind tmc serves, in one table: the resource definitions of the routes, discovery and
// the CLI's kind names all read it, so a kind is added here once. Short names and categories
// are kubectl's own (the `all` category holds what `kubectl get all` lists).
import type { TObject } from 'typebox';
import * as core from './core-kinds.js';
import { Deployment } from './deployment.js';
import { Placement } from './placement.js';
import * as policy from './policy-kinds.js';
import { SyncTarget } from './synctarget.js';
import * as workloads from './workload-kinds.js';

export interface KindEntry {
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
  schema: TObject;
}

type Row = [group: string, version: string, kind: string, plural: string, shortNames: string[], categories: string[],
  namespaced: boolean, schema: TObject];

const ROWS: Row[] = [
  ['workload.kcp.io', 'v1alpha1', 'SyncTarget', 'synctargets', ['st'], ['tmc'], false, SyncTarget],
  ['apps', 'v1', 'Deployment', 'deployments', ['deploy'], ['all', 'tmc'], true, Deployment],
  ['scheduling.kcp.io', 'v1alpha1', 'Placement', 'placements', [], ['tmc'], true, Placement],
  ['', 'v1', 'ConfigMap', 'configmaps', ['cm'], [], true, core.ConfigMap],
  ['', 'v1', 'Secret', 'secrets', [], [], true, core.Secret],
  ['', 'v1', 'Service', 'services', ['svc'], ['all'], true, core.Service],
  ['', 'v1', 'ServiceAccount', 'serviceaccounts', ['sa'], [], true, core.ServiceAccount],
  ['', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', ['pvc'], [], true, core.PersistentVolumeClaim],
  ['apps', 'v1', 'StatefulSet', 'statefulsets', ['sts'], ['all'], true, workloads.StatefulSet],
  ['apps', 'v1', 'DaemonSet', 'daemonsets', ['ds'], ['all'], true, workloads.DaemonSet],
  ['batch', 'v1', 'Job', 'jobs', [], ['all'], true, workloads.Job],
  ['batch', 'v1', 'CronJob', 'cronjobs', ['cj'], ['all'], true, workloads.CronJob],
  ['networking.k8s.io', 'v1', 'Ingress', 'ingresses', ['ing'], [], true, policy.Ingress],
  ['networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', ['netpol'], [], true, policy.NetworkPolicy],
  ['rbac.authorization.k8s.io', 'v1', 'Role', 'roles', [], [], true, policy.Role],
  ['rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', [], [], true, policy.RoleBinding],
  ['policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', ['pdb'], [], true, policy.PodDisruptionBudget],
  ['autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', ['hpa'], ['all'], true,
    policy.HorizontalPodAutoscaler],
];

export const KINDS: readonly KindEntry[] = ROWS.map(
  ([group, version, kind, plural, shortNames, categories, namespaced, schema]) =>
    ({ group, version, kind, plural, singular: kind.toLowerCase(), shortNames, categories, namespaced, schema }),
);

export const kindEntry = (kind: string): KindEntry | undefined => KINDS.find((k) => k.kind === kind);

/** The kinds tmc carries as given: every kind but its own (SyncTarget, Placement) and Deployment. */
export const CARRIED_KINDS: readonly KindEntry[] = KINDS.filter(
  (k) => !['SyncTarget', 'Deployment', 'Placement'].includes(k.kind),
);


/** The kinds a Placement places on SyncTargets: every kind but tmc's own (SyncTarget, Placement). */
export const PLACED_KINDS: readonly KindEntry[] = KINDS.filter((k) => !['SyncTarget', 'Placement'].includes(k.kind));

export const apiVersionOfKind = (k: KindEntry): string => (k.group ? `${k.group}/${k.version}` : k.version);
