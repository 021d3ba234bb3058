// The table columns of `tmc get` for each kind; `wide` columns appear only with -o wide.
// Values are read defensively: a table must still print for an object with little status.
import type { KubeObject } from './client.js';
import { age, nameList } from './table.js';

export interface Column {
  header: string;
  wide?: boolean;
  value(object: KubeObject, now: number): string;
}

type Selector = { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };
type Condition = { type?: string; status?: string; reason?: string };
type TargetEntry = { name?: string; state?: string };

const field = (object: KubeObject, path: string): unknown =>
  path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), object);
const text = (value: unknown, none = '<none>'): string => (value === undefined || value === null || value === '' ? none : String(value));
const count = (value: unknown): number => (typeof value === 'number' ? value : 0);
const array = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);

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

const labels = (object: KubeObject): string => {
  const entries = Object.entries(object.metadata.labels ?? {});
  return entries.length > 0 ? entries.map(([k, v]) => `${k}=${v}`).join(',') : '<none>';
};
const readyCondition = (object: KubeObject): Condition | undefined =>
  array<Condition>(field(object, 'status.conditions')).find((c) => c.type === 'Ready');
const targetEntries = (object: KubeObject): TargetEntry[] => array<TargetEntry>(field(object, 'status.syncTargets'));
const selectedTargets = (object: KubeObject): string[] =>
  array<string | TargetEntry>(field(object, 'status.selectedSyncTargets')).map((t) => (typeof t === 'string' ? t : text(t.name)));
const containers = (object: KubeObject): { name?: string; image?: string }[] => array(field(object, 'spec.template.spec.containers'));

const NAME: Column = { header: 'NAME', value: (o) => text(o.metadata.name) };
const AGE: Column = { header: 'AGE', value: (o, now) => age(o.metadata.creationTimestamp, now) };

const SYNC_TARGET: Column[] = [
  NAME,
  { header: 'READY', value: (o) => text(readyCondition(o)?.status, 'Unknown') },
  { header: 'REASON', value: (o) => text(readyCondition(o)?.reason) },
  { header: 'LAST HEARTBEAT', value: (o, now) => (field(o, 'status.lastSyncerHeartbeatTime') ? age(field(o, 'status.lastSyncerHeartbeatTime'), now) : '<never>') },
  { header: 'UNSCHEDULABLE', value: (o) => String(field(o, 'spec.unschedulable') === true) },
  AGE,
  { header: 'SYNCER VERSION', wide: true, value: (o) => text(field(o, 'status.syncerVersion')) },
  { header: 'KUBERNETES VERSION', wide: true, value: (o) => text(field(o, 'status.kubernetesVersion')) },
  { header: 'EVICT AFTER', wide: true, value: (o) => text(field(o, 'spec.evictAfter')) },
  { header: 'LABELS', wide: true, value: labels },
];

const DEPLOYMENT: Column[] = [
  NAME,
  { header: 'TARGETS', value: (o) => nameList(targetEntries(o).map((t) => text(t.name))) },
  { header: 'READY', value: (o) => `${count(field(o, 'status.readyReplicas'))}/${field(o, 'spec.replicas') ?? 1}` },
  { header: 'AVAILABLE', value: (o) => String(count(field(o, 'status.availableReplicas'))) },
  AGE,
  { header: 'TARGET STATES', wide: true, value: (o) => targetEntries(o).map((t) => `${text(t.name)}=${text(t.state, 'Pending')}`).join(',') || '<none>' },
  { header: 'CONTAINERS', wide: true, value: (o) => containers(o).map((c) => text(c.name)).join(',') || '<none>' },
  { header: 'IMAGES', wide: true, value: (o) => containers(o).map((c) => text(c.image)).join(',') || '<none>' },
  { header: 'SELECTOR', wide: true, value: (o) => selectorString(field(o, 'spec.selector')) },
];

const PLACEMENT: Column[] = [
  NAME,
  { header: 'TARGETS', value: (o) => nameList(selectedTargets(o)) },
  AGE,
  { header: 'DEPLOYMENT SELECTOR', wide: true, value: (o) => selectorString(field(o, 'spec.deploymentSelector') ?? {}) },
  { header: 'TARGET SELECTOR', wide: true, value: (o) => selectorString(field(o, 'spec.syncTargetSelector')) },
  { header: 'TARGET NAMES', wide: true, value: (o) => array<string>(field(o, 'spec.syncTargetNames')).join(',') || '<none>' },
  { header: 'MAX TARGETS', wide: true, value: (o) => text(field(o, 'spec.numberOfSyncTargets'), '<all>') },
];

const BY_KIND: Record<string, Column[]> = { SyncTarget: SYNC_TARGET, Deployment: DEPLOYMENT, Placement: PLACEMENT };

/** The columns to print: wide ones only when asked, NAMESPACE first when listing across namespaces. */
export function columnsFor(kind: string, options: { wide: boolean; withNamespace: boolean }): Column[] {
  const columns = (BY_KIND[kind] ?? [NAME, AGE]).filter((c) => options.wide || !c.wide);
  return options.withNamespace ? [{ header: 'NAMESPACE', value: (o) => text(o.metadata.namespace) }, ...columns] : columns;
}
