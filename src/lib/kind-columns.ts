// The columns of the carried kinds, as kubectl prints them (its printers in
// kubernetes/pkg/printers/internalversion), read from what tmc holds: the spec as given and the
// status agents report. A value not known yet prints as <none> or 0, as kubectl's do.
import {
  AGE,
  type Column,
  NAME,
  type TableObject,
  array,
  column,
  containers,
  count,
  field,
  joined,
  selectorString,
  text,
  wide,
} from './columns.js';
import { age } from './human-duration.js';
import { columnsOf } from './tmc-columns.js';

const size = (value: unknown): string => String(Object.keys((value ?? {}) as object).length);
const labelPairs = (value: unknown): string =>
  joined(Object.entries((value ?? {}) as Record<string, string>).map(([k, v]) => `${k}=${v}`));
const ofDesired =
  (ready: string, desired: string, fallback: number) =>
  (o: TableObject): string =>
    `${count(field(o, ready))}/${field(o, desired) ?? fallback}`;
const reference =
  (kind: string, name: string) =>
  (o: TableObject): string =>
    `${text(field(o, kind))}/${text(field(o, name))}`;
/** A quota's hard limits, those of `limits.*` or the others, as kubectl lists them ("pods: 10, requests.cpu: 4"). */
const quotas =
  (limits: boolean) =>
  (o: TableObject): string =>
    Object.entries((field(o, 'spec.hard') ?? {}) as Record<string, unknown>)
      .filter(([name]) => name.startsWith('limits.') === limits)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, value]) => `${name}: ${text(value)}`)
      .join(', ');
const images: Column[] = [
  wide('Containers', 'The names of the pod template containers', (o) => joined(containers(o).map((c) => text(c.name)))),
  wide('Images', 'The images of the pod template containers', (o) => joined(containers(o).map((c) => text(c.image)))),
];
const ports = (o: TableObject): string =>
  joined(
    array<{ port?: number; protocol?: string }>(field(o, 'spec.ports')).map((p) => `${p.port}/${p.protocol ?? 'TCP'}`),
  );
const hosts = (o: TableObject): string =>
  joined(array<{ host?: string }>(field(o, 'spec.rules')).map((r) => r.host ?? '*'));
const conditionTrue = (o: TableObject, type: string): boolean =>
  array<{ type?: string; status?: string }>(field(o, 'status.conditions')).some(
    (c) => c.type === type && c.status === 'True',
  );
const jobStatus = (o: TableObject): string =>
  conditionTrue(o, 'Complete') ? 'Complete' : conditionTrue(o, 'Failed') ? 'Failed' : 'Running';

const KIND_COLUMNS: Record<string, Column[]> = {
  Namespace: [
    NAME,
    column('Status', 'Active, or Terminating once deleted', (o) => text(field(o, 'status.phase'))),
    AGE,
  ],
  ConfigMap: [NAME, column('Data', 'The number of keys', (o) => size(o.data)), AGE],
  Secret: [
    NAME,
    column('Type', 'The type of the Secret', (o) => text(o.type, 'Opaque')),
    column('Data', 'The number of keys', (o) => size(o.data)),
    AGE,
  ],
  Service: [
    NAME,
    column('Type', 'The type of the Service', (o) => text(field(o, 'spec.type'), 'ClusterIP')),
    column('Cluster-IP', 'The cluster IP, as given', (o) => text(field(o, 'spec.clusterIP'))),
    column('Port(s)', 'The ports the Service serves', ports),
    AGE,
    wide('Selector', 'The labels of the pods it serves', (o) => labelPairs(field(o, 'spec.selector'))),
  ],
  ServiceAccount: [
    NAME,
    column('Secrets', 'The number of Secrets listed', (o) => String(array(o.secrets).length)),
    AGE,
  ],
  PersistentVolumeClaim: [
    NAME,
    column('Status', 'The phase downstream', (o) => text(field(o, 'status.phase'), 'Pending')),
    column('Capacity', 'The storage requested', (o) => text(field(o, 'spec.resources.requests.storage'))),
    column('Access Modes', 'How it may be mounted', (o) => joined(array<string>(field(o, 'spec.accessModes')))),
    column('StorageClass', 'The storage class', (o) => text(field(o, 'spec.storageClassName'))),
    AGE,
  ],
  StatefulSet: [
    NAME,
    column('Ready', 'Ready pods over desired pods', ofDesired('status.readyReplicas', 'spec.replicas', 1)),
    AGE,
    ...images,
  ],
  DaemonSet: [
    NAME,
    column('Desired', 'Pods wanted', (o) => String(count(field(o, 'status.desiredNumberScheduled')))),
    column('Ready', 'Ready pods', (o) => String(count(field(o, 'status.numberReady')))),
    column('Node Selector', 'The nodes it runs on', (o) => labelPairs(field(o, 'spec.template.spec.nodeSelector'))),
    AGE,
    ...images,
  ],
  Job: [
    NAME,
    column('Status', 'Complete, Failed or Running', jobStatus),
    column('Completions', 'Succeeded pods over completions', ofDesired('status.succeeded', 'spec.completions', 1)),
    AGE,
    ...images,
  ],
  CronJob: [
    NAME,
    column('Schedule', 'The cron schedule', (o) => text(field(o, 'spec.schedule'))),
    column('Suspend', 'Whether runs are suspended', (o) => String(field(o, 'spec.suspend') === true)),
    column('Last Schedule', 'Time since the last run was scheduled', (o, now) => {
      const last = field(o, 'status.lastScheduleTime');
      return last ? age(last, now) : '<none>';
    }),
    AGE,
  ],
  Ingress: [
    NAME,
    column('Class', 'The ingress class', (o) => text(field(o, 'spec.ingressClassName'))),
    column('Hosts', 'The hosts it routes', hosts),
    AGE,
  ],
  // kubectl shows used/hard from the cluster's status; usage here is per cluster (tmc describe), so the limits alone.
  ResourceQuota: [
    NAME,
    AGE,
    column('Request', 'The hard limits of requests and counts', quotas(false)),
    column('Limit', 'The hard limits of limits.*', quotas(true)),
  ],
  LimitRange: [NAME, column('Created At', 'When it was created', (o) => text(field(o, 'metadata.creationTimestamp')))],
  NetworkPolicy: [
    NAME,
    column('Pod-Selector', 'The pods it applies to', (o) => selectorString(field(o, 'spec.podSelector'), '<none>')),
    AGE,
  ],
  Role: [NAME, AGE],
  RoleBinding: [
    NAME,
    column('Role', 'The Role or ClusterRole granted', reference('roleRef.kind', 'roleRef.name')),
    AGE,
  ],
  PodDisruptionBudget: [
    NAME,
    column('Min Available', 'Pods that must stay up', (o) => text(field(o, 'spec.minAvailable'), 'N/A')),
    column('Max Unavailable', 'Pods that may be down', (o) => text(field(o, 'spec.maxUnavailable'), 'N/A')),
    AGE,
  ],
  HorizontalPodAutoscaler: [
    NAME,
    column('Reference', 'The workload it scales', reference('spec.scaleTargetRef.kind', 'spec.scaleTargetRef.name')),
    column('MinPods', 'Fewest replicas', (o) => text(field(o, 'spec.minReplicas'), '1')),
    column('MaxPods', 'Most replicas', (o) => text(field(o, 'spec.maxReplicas'))),
    column('Replicas', 'Replicas now', (o) => String(count(field(o, 'status.currentReplicas')))),
    AGE,
  ],
};

/** Every column of a kind (lib/columns.ts for tmc's own kinds), wide ones included. */
export const kindColumns = (kind: string): Column[] => KIND_COLUMNS[kind] ?? columnsOf(kind);
