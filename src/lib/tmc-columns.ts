// The columns of tmc's own kinds (SyncTarget, Deployment, Placement, Override), for `tmc get` and
// the server's Tables alike; the SyncTarget's also name the JSONPath its CRD in kcp prints.
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
import { age, nameList } from './human-duration.js';

type Condition = { type?: string; status?: string; reason?: string };
type TargetEntry = { name?: string; state?: string };

const READY_PATH = '.status.conditions[?(@.type=="Ready")]';
const labels = (object: TableObject): string =>
  joined(Object.entries(object.metadata.labels ?? {}).map(([k, v]) => `${k}=${v}`));
const readyCondition = (object: TableObject): Condition | undefined =>
  array<Condition>(field(object, 'status.conditions')).find((c) => c.type === 'Ready');
const targetEntries = (object: TableObject): TargetEntry[] => array<TargetEntry>(field(object, 'status.syncTargets'));
const selectedTargets = (object: TableObject): string[] =>
  array<string | TargetEntry>(field(object, 'status.selectedSyncTargets')).map((t) =>
    typeof t === 'string' ? t : text(t.name),
  );
const heartbeat = (object: TableObject, now: number): string => {
  const time = field(object, 'status.lastSyncerHeartbeatTime');
  return time ? age(time, now) : '<never>';
};

export const SYNC_TARGET_COLUMNS: Column[] = [
  NAME,
  column('Ready', 'The status of the Ready condition', (o) => text(readyCondition(o)?.status, 'Unknown'), {
    jsonPath: `${READY_PATH}.status`,
    type: 'string',
  }),
  column('Reason', 'The reason of the Ready condition', (o) => text(readyCondition(o)?.reason), {
    jsonPath: `${READY_PATH}.reason`,
    type: 'string',
  }),
  column('Last Heartbeat', 'Time since the syncer last sent a heartbeat', heartbeat, {
    jsonPath: '.status.lastSyncerHeartbeatTime',
    type: 'date',
  }),
  column(
    'Unschedulable',
    'Cordoned: no new Deployments are placed here',
    (o) => String(field(o, 'spec.unschedulable') === true),
    { jsonPath: '.spec.unschedulable', type: 'boolean' },
  ),
  AGE,
  wide('Syncer Version', 'The version of the syncer agent', (o) => text(field(o, 'status.syncerVersion')), {
    jsonPath: '.status.syncerVersion',
    type: 'string',
  }),
  wide(
    'Kubernetes Version',
    'The version of the downstream cluster',
    (o) => text(field(o, 'status.kubernetesVersion')),
    { jsonPath: '.status.kubernetesVersion', type: 'string' },
  ),
  wide('Evict After', 'From this time on every Deployment is taken off', (o) => text(field(o, 'spec.evictAfter')), {
    jsonPath: '.spec.evictAfter',
    type: 'date',
  }),
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
  SyncTarget: SYNC_TARGET_COLUMNS,
  Deployment: DEPLOYMENT,
  Placement: PLACEMENT,
  Override: OVERRIDE,
};

/** Every column of a kind, wide ones included; a kind without its own has Name and Age. */
export const columnsOf = (kind: string): Column[] => BY_KIND[kind] ?? [NAME, AGE];
