// Every kind tmc serves with its schema: the names table (kind-names.ts) plus one schema per kind.
// The resource definitions of the routes and discovery read it; the CLI reads the names table
// alone, so a kind is added to kind-names.ts once and given its schema here.
import type { TObject } from 'typebox';
import * as core from './core-kinds.js';
import { Deployment } from './deployment.js';
import { KEPT_KINDS, KIND_NAMES, type KindName, type KindNames } from './kind-names.js';
import { Namespace } from './namespace.js';
import { Override } from './override.js';
import { Placement } from './placement.js';
import * as policy from './policy-kinds.js';
import { SyncTarget } from './synctarget.js';
import * as workloads from './workload-kinds.js';

export interface KindEntry extends KindNames {
  schema: TObject;
}

// Keyed by the names table's kinds: a kind without a schema, or a schema without a kind, does not compile.
const SCHEMAS: Record<KindName, TObject> = {
  SyncTarget,
  Deployment,
  Placement,
  Override,
  Namespace,
  ConfigMap: core.ConfigMap,
  Secret: core.Secret,
  Service: core.Service,
  ServiceAccount: core.ServiceAccount,
  PersistentVolumeClaim: core.PersistentVolumeClaim,
  ResourceQuota: core.ResourceQuota,
  LimitRange: core.LimitRange,
  StatefulSet: workloads.StatefulSet,
  DaemonSet: workloads.DaemonSet,
  Job: workloads.Job,
  CronJob: workloads.CronJob,
  Ingress: policy.Ingress,
  NetworkPolicy: policy.NetworkPolicy,
  Role: policy.Role,
  RoleBinding: policy.RoleBinding,
  PodDisruptionBudget: policy.PodDisruptionBudget,
  HorizontalPodAutoscaler: policy.HorizontalPodAutoscaler,
};

export const KINDS: readonly KindEntry[] = KIND_NAMES.map((names) => ({ ...names, schema: SCHEMAS[names.kind] }));

export const kindEntry = (kind: string): KindEntry | undefined => KINDS.find((k) => k.kind === kind);

/** The kinds tmc carries as given: every kind but those it keeps and Deployment. */
export const CARRIED_KINDS: readonly KindEntry[] = KINDS.filter(
  (k) => !KEPT_KINDS.includes(k.kind) && k.kind !== 'Deployment',
);

/** The kinds a Placement places on SyncTargets: every kind but those it keeps. */
export const PLACED_KINDS: readonly KindEntry[] = KINDS.filter((k) => !KEPT_KINDS.includes(k.kind));

export const apiVersionOfKind = (k: KindEntry): string => (k.group ? `${k.group}/${k.version}` : k.version);
