// The health interpreter: one small pure function per kind, as Karmada's resource interpreter
// has, turning a downstream object's own status into one verdict (src/schemas/health.ts). The
// agent sends the verdict with each status report; the control plane may run it too. A kind
// without a rule of its own is judged by its Ready (or Available) condition, and is healthy
// when it exists and has neither: a ConfigMap has nothing more to become.
import type { Health } from '../../schemas/health.js';
import { conditionHealth, definitionHealth } from './conditions.js';
import { type ObservedObject, progressing } from './fields.js';
import {
  cronJobHealth,
  ingressHealth,
  jobHealth,
  persistentVolumeClaimHealth,
  resourceQuotaHealth,
  serviceHealth,
} from './others.js';
import { daemonSetHealth, deploymentHealth, statefulSetHealth } from './workloads.js';

export type { ObservedObject } from './fields.js';

type Interpreter = (object: ObservedObject) => Health;

/** By API group and kind: the version does not change what a status means. */
const INTERPRETERS: Record<string, Interpreter> = {
  'apps/Deployment': deploymentHealth,
  'apps/StatefulSet': statefulSetHealth,
  'apps/DaemonSet': daemonSetHealth,
  'batch/Job': jobHealth,
  'batch/CronJob': cronJobHealth,
  '/Service': serviceHealth,
  '/PersistentVolumeClaim': persistentVolumeClaimHealth,
  '/ResourceQuota': resourceQuotaHealth,
  'networking.k8s.io/Ingress': ingressHealth,
  'apiextensions.k8s.io/CustomResourceDefinition': definitionHealth,
};

const groupOf = (apiVersion = ''): string =>
  apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';

/** Whether `kind` of `apiVersion` has a rule of its own (everything else is its conditions, or "exists"). */
export const hasHealthRule = (apiVersion: string, kind: string): boolean =>
  `${groupOf(apiVersion)}/${kind}` in INTERPRETERS;

export function interpretHealth(object: ObservedObject): Health {
  if (object.metadata?.deletionTimestamp) return progressing('Terminating', 'being deleted');
  const interpreter = INTERPRETERS[`${groupOf(object.apiVersion)}/${object.kind ?? ''}`];
  return (interpreter ?? conditionHealth)(object);
}
