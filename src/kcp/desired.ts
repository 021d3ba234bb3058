// What the kcp object of a SyncTarget record should look like, and what has to change in the
// object kcp holds to get there. Pure functions: the reconcile decides when to write.
import { jsonEqual } from '../lib/merge-patch.js';
import type { Condition, KubeObject } from '../schemas/meta.js';
import type { SyncTargetStatus } from '../schemas/synctarget.js';
import { GROUP, type KcpObject, VERSION } from './client.js';

export const MANAGED_BY = 'app.kubernetes.io/managed-by';
export const MANAGER = 'tmc';
/**
 * The label keys the mirror set, so a label removed from the record is removed in kcp too while labels others add stay.
 */
export const LABELS_ANNOTATION = 'tmc.dev/mirrored-labels';
/** The condition the mirror writes into the record itself; it is about kcp, so it is not mirrored there. */
export const MIRRORED = 'Mirrored';

const SPEC_FIELDS = ['unschedulable', 'evictAfter'] as const;
const STATUS_FIELDS = [
  'conditions',
  'conditionHistory',
  'lastSyncerHeartbeatTime',
  'syncerVersion',
  'kubernetesVersion',
  'capacity',
  'allocatable',
] as const;
const HEARTBEAT_TIME = 'lastSyncerHeartbeatTime';

export interface Desired {
  labels: Record<string, string>;
  spec: Record<string, unknown>;
  status: Record<string, unknown>;
}

export const isOurs = (object: KcpObject): boolean => object.metadata.labels?.[MANAGED_BY] === MANAGER;

const defined = (entries: [string, unknown][]): Record<string, unknown> =>
  Object.fromEntries(entries.filter(([, value]) => value !== undefined));

/** `latestHeartbeat`: the newest heartbeat time known in memory, which the stored object may not show yet. */
export function desiredOf(record: KubeObject, latestHeartbeat: number | undefined): Desired {
  const spec = (record.spec ?? {}) as { unschedulable?: boolean; evictAfter?: string };
  const status = (record.status ?? {}) as SyncTargetStatus;
  const stored = status.lastSyncerHeartbeatTime ? Date.parse(status.lastSyncerHeartbeatTime) : undefined;
  const heartbeat =
    latestHeartbeat !== undefined && (stored === undefined || latestHeartbeat > stored) ? latestHeartbeat : stored;
  const conditions = (status.conditions ?? []).filter((c: Condition) => c.type !== MIRRORED);
  return {
    labels: { ...record.metadata.labels, [MANAGED_BY]: MANAGER },
    spec: defined([
      ['unschedulable', spec.unschedulable ?? false],
      ['evictAfter', spec.evictAfter],
    ]),
    status: defined([
      ['conditions', conditions.length > 0 ? conditions : undefined],
      ['conditionHistory', status.conditionHistory],
      [HEARTBEAT_TIME, heartbeat === undefined ? undefined : new Date(heartbeat).toISOString()],
      ['syncerVersion', status.syncerVersion],
      ['kubernetesVersion', status.kubernetesVersion],
      ['capacity', status.capacity],
      ['allocatable', status.allocatable],
    ]),
  };
}

/** Replaces `fields` of `current` with those of `wanted` (absent there: removed), keeping the rest. */
function overlay(
  current: Record<string, unknown> | undefined,
  wanted: Record<string, unknown>,
  fields: readonly string[],
) {
  const kept = Object.entries(current ?? {}).filter(([key]) => !fields.includes(key));
  return { ...Object.fromEntries(kept), ...wanted };
}

function labelsAnnotation(labels: Record<string, string>): string {
  return Object.keys(labels)
    .filter((key) => key !== MANAGED_BY)
    .sort()
    .join(',');
}

/** The object to create in kcp. */
export function newObject(name: string, desired: Desired): KcpObject {
  return {
    apiVersion: `${GROUP}/${VERSION}`,
    kind: 'SyncTarget',
    metadata: { name, labels: desired.labels, annotations: { [LABELS_ANNOTATION]: labelsAnnotation(desired.labels) } },
    spec: desired.spec,
  };
}

/** `observed` with its labels and spec brought to `desired`; undefined when they already are. */
export function updatedObject(observed: KcpObject, desired: Desired): KcpObject | undefined {
  const annotations = observed.metadata.annotations ?? {};
  const previous = (annotations[LABELS_ANNOTATION] ?? '').split(',').filter(Boolean);
  const others = Object.entries(observed.metadata.labels ?? {}).filter(([key]) => !previous.includes(key));
  const labels = { ...Object.fromEntries(others), ...desired.labels };
  const wantedAnnotations = { ...annotations, [LABELS_ANNOTATION]: labelsAnnotation(desired.labels) };
  const spec = overlay(observed.spec, desired.spec, SPEC_FIELDS);
  if (
    jsonEqual(labels, observed.metadata.labels ?? {}) &&
    jsonEqual(wantedAnnotations, annotations) &&
    jsonEqual(spec, observed.spec ?? {})
  ) {
    return undefined;
  }
  return { ...observed, metadata: { ...observed.metadata, labels, annotations: wantedAnnotations }, spec };
}

export type StatusChange = 'none' | 'heartbeat' | 'other';

/** Whether the status in kcp must change, and whether only the heartbeat time would move. */
export function statusChange(observed: KcpObject, desired: Desired): StatusChange {
  const current = observed.status ?? {};
  const differs = STATUS_FIELDS.filter((field) => !jsonEqual(current[field], desired.status[field]));
  if (differs.length === 0) return 'none';
  const onlyTime =
    differs.length === 1 &&
    differs[0] === HEARTBEAT_TIME &&
    current[HEARTBEAT_TIME] !== undefined &&
    desired.status[HEARTBEAT_TIME] !== undefined;
  return onlyTime ? 'heartbeat' : 'other';
}

/** `observed` with the mirrored status fields replaced; status fields others write stay. */
export function withStatus(observed: KcpObject, desired: Desired): KcpObject {
  return { ...observed, status: overlay(observed.status, desired.status, STATUS_FIELDS) };
}
