// The columns each kind prints as, in one list for both `tmc get` and the server's
// meta.k8s.io Tables (which `kubectl get` prints). Priority 1 columns appear only with -o wide,
// as Kubernetes' TableColumnDefinition.priority says. Values are read defensively: a table must
// still print for an object with little status.
import { age, nameList } from './human-duration.js';

/** What a column reads: any Kubernetes-shaped object, as the store or a client holds it. */
export interface TableObject {
  metadata: { name?: string; namespace?: string; creationTimestamp?: string; labels?: Record<string, string> };
  [key: string]: unknown;
}

export interface Column {
  /** As a Table names it ("Last Heartbeat"); table printers write it upper-case. */
  name: string;
  /** 0: always printed; 1: only with -o wide. */
  priority: 0 | 1;
  description: string;
  /** "name" marks the column that names the object, as in Kubernetes' Tables. */
  format?: 'name';
  value(object: TableObject, now: number): string;
}

type Selector = {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
};
type Condition = { type?: string; status?: string; reason?: string };
type TargetEntry = { name?: string; state?: string };

export const field = (object: TableObject, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined),
      object,
    );
export const text = (value: unknown, none = '<none>'): string =>
  value === undefined || value === null || value === '' ? none : String(value);
export const count = (value: unknown): number => (typeof value === 'number' ? value : 0);
export const array = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);
export const joined = (values: string[]): string => values.join(',') || '<none>';

/** A LabelSelector in the string form that list calls take: `env=prod,region in (eu,us)`. */
export function selectorString(selector: unknown, empty = '<all>'): string {
  if (!selector || typeof selector !== 'object') return '<none>';
  const { matchLabels = {}, matchExpressions = [] } = selector as Selector;
  const parts = Object.entries(matchLabels).map(([k, v]) => `${k}=${v}`);
  for (const { key, operator, values = [] } of matchExpressions) {
    if (operator === 'Exists') parts.push(key);
    else if (operator === 'DoesNotExist') parts.push(`!${key}`);
    else parts.push(`${key} ${operator.toLowerCase()} (${values.join(',')})`);
  }
  return parts.length > 0 ? parts.join(',') : empty;
}

const labels = (object: TableObject): string =>
  joined(Object.entries(object.metadata.labels ?? {}).map(([k, v]) => `${k}=${v}`));
const readyCondition = (object: TableObject): Condition | undefined =>
  array<Condition>(field(object, 'status.conditions')).find((c) => c.type === 'Ready');
const targetEntries = (object: TableObject): TargetEntry[] => array<TargetEntry>(field(object, 'status.syncTargets'));
const selectedTargets = (object: TableObject): string[] =>
  array<string | TargetEntry>(field(object, 'status.selectedSyncTargets')).map((t) =>
    typeof t === 'string' ? t : text(t.name),
  );
export const containers = (object: TableObject): { name?: string; image?: string }[] =>
  array(field(object, 'spec.template.spec.containers'));
const heartbeat = (object: TableObject, now: number): string => {
  const time = field(object, 'status.lastSyncerHeartbeatTime');
  return time ? age(time, now) : '<never>';
};

export const column = (name: string, description: string, value: Column['value']): Column => ({
  name,
  priority: 0,
  description,
  value,
});
export const wide = (name: string, description: string, value: Column['value']): Column => ({
  name,
  priority: 1,
  description,
  value,
});

export const NAME: Column = {
  ...column('Name', 'The name of the object', (o) => text(o.metadata.name)),
  format: 'name',
};
export const AGE = column('Age', 'Time since the object was created', (o, now) =>
  age(o.metadata.creationTimestamp, now),
);

const SYNC_TARGET: Column[] = [
  NAME,
  column('Ready', 'The status of the Ready condition', (o) => text(readyCondition(o)?.status, 'Unknown')),
  column('Reason', 'The reason of the Ready condition', (o) => text(readyCondition(o)?.reason)),
  column('Last Heartbeat', 'Time since the syncer last sent a heartbeat', heartbeat),
  column('Unschedulable', 'Cordoned: no new Deployments are placed here', (o) =>
    String(field(o, 'spec.unschedulable') === true),
  ),
  AGE,
  wide('Syncer Version', 'The version of the syncer agent', (o) => text(field(o, 'status.syncerVersion'))),
  wide('Kubernetes Version', 'The version of the downstream cluster', (o) =>
    text(field(o, 'status.kubernetesVersion')),
  ),
  wide('Evict After', 'From this time on every Deployment is taken off', (o) => text(field(o, 'spec.evictAfter'))),
  wide('Labels', 'The labels of the SyncTarget', labels),
];

const DEPLOYMENT: Column[] = [
  NAME,
  column('Targets', 'The SyncTargets the Deployment is placed on', (o) =>
    nameList(targetEntries(o).map((t) => text(t.name))),
  ),
  column(
    'Ready',
    'Ready pods over desired pods on each SyncTarget',
    (o) => `${count(field(o, 'status.readyReplicas'))}/${field(o, 'spec.replicas') ?? 1}`,
  ),
  column('Available', 'Available pods over all SyncTargets', (o) =>
    String(count(field(o, 'status.availableReplicas'))),
  ),
  AGE,
  wide('Target States', 'The state of the Deployment on each SyncTarget', (o) =>
    joined(targetEntries(o).map((t) => `${text(t.name)}=${text(t.state, 'Pending')}`)),
  ),
  wide('Containers', 'The names of the pod template containers', (o) => joined(containers(o).map((c) => text(c.name)))),
  wide('Images', 'The images of the pod template containers', (o) => joined(containers(o).map((c) => text(c.image)))),
  wide('Selector', 'The label selector of the pods', (o) => selectorString(field(o, 'spec.selector'))),
];

const PLACEMENT: Column[] = [
  NAME,
  column('Targets', 'The SyncTargets the Placement selected', (o) => nameList(selectedTargets(o))),
  AGE,
  wide('Deployment Selector', 'The Deployments the Placement places', (o) =>
    selectorString(field(o, 'spec.deploymentSelector') ?? {}),
  ),
  wide('Target Selector', 'The labels of the SyncTargets it may choose', (o) =>
    selectorString(field(o, 'spec.syncTargetSelector')),
  ),
  wide('Target Names', 'The SyncTargets it may choose by name', (o) =>
    joined(array<string>(field(o, 'spec.syncTargetNames'))),
  ),
  wide('Max Targets', 'How many SyncTargets it chooses at most', (o) =>
    text(field(o, 'spec.numberOfSyncTargets'), '<all>'),
  ),
];

type Selected = { kind?: string; names?: string[] };
const OVERRIDE: Column[] = [
  NAME,
  column('Target Selector', 'The labels of the SyncTargets where it changes the objects', (o) =>
    selectorString(field(o, 'spec.targetSelector')),
  ),
  column('Changes', 'How many changes it makes, in order', (o) => String(array(field(o, 'spec.changes')).length)),
  AGE,
  wide('Resources', 'The kinds (and names) of the objects it changes', (o) =>
    joined(
      array<Selected>(field(o, 'spec.resourceSelectors')).map(
        (s) => `${text(s.kind)}${s.names ? `/${s.names.join('/')}` : ''}`,
      ),
    ),
  ),
];

const BY_KIND: Record<string, Column[]> = {
  SyncTarget: SYNC_TARGET,
  Deployment: DEPLOYMENT,
  Placement: PLACEMENT,
  Override: OVERRIDE,
};

/** Every column of a kind, wide ones included; a kind without its own has Name and Age. */
export const columnsOf = (kind: string): Column[] => BY_KIND[kind] ?? [NAME, AGE];

/** The namespace column that printers add when a list spans namespaces. */
export const NAMESPACE: Column = column('Namespace', 'The namespace of the object', (o) => text(o.metadata.namespace));
