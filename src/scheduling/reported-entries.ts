// An agent's status report of an object as the entry of its target: the report's fields over the
// scheduler's (its name, why it is placed there), and a Drifted condition when the agent reports drift.
import { merged } from '../lib/plain-objects.js';
import { jsonEqual } from '../lib/merge-patch.js';
import { SyncTargetEntry } from '../schemas/deployment.js';
import type { DeploymentStatusReport } from '../schemas/deployment-report.js';
import type { ObjectStatusReport } from '../schemas/health.js';
import { stateFor } from './status-entries.js';

// What a report sets; every other field of an entry (its name, why it is placed there) is the
// scheduler's and stays as it was.
const REPORT_FIELDS: readonly string[] = [
  'state',
  'reportedState',
  'observedGeneration',
  'replicas',
  'readyReplicas',
  'availableReplicas',
  'updatedReplicas',
  'conditions',
  'health',
  'unhealthySince',
  'status',
  'message',
  'lastUpdateTime',
  'retained',
  'adopted',
  'drift',
];

/** The entry's fields a report leaves alone: the scheduler's (its name, why it is placed there). */
const PLACEMENT_FIELDS = Object.keys(SyncTargetEntry.properties).filter(
  (field) => !REPORT_FIELDS.includes(field),
) as (keyof SyncTargetEntry)[];

const placementFields = (entry: SyncTargetEntry): SyncTargetEntry =>
  Object.fromEntries(
    PLACEMENT_FIELDS.flatMap((field) => (field in entry ? [[field, entry[field]]] : [])),
  ) as SyncTargetEntry;

/** Whether two entries of a target agree on every field but the report's: on all the scheduler wrote. */
const samePlacement = (a: SyncTargetEntry, b: SyncTargetEntry): boolean =>
  PLACEMENT_FIELDS.every((field) => a[field] === b[field] || jsonEqual(a[field], b[field]));

/**
 * Whether `after` holds the entries of `before`, in order, with nothing changed but the reports'
 * fields (what a batch of reports makes), each changed entry also passing `check`. Entries a
 * report did not touch are the same objects: an object on thousands of targets costs a pass of
 * identity checks.
 */
export function onlyReportsChanged(
  before: readonly SyncTargetEntry[],
  after: readonly SyncTargetEntry[],
  check: (entry: SyncTargetEntry) => boolean = () => true,
): boolean {
  if (before.length !== after.length) return false;
  return after.every((entry, i) => {
    const old = before[i]!;
    return entry === old || (entry.name === old.name && check(entry) && samePlacement(old, entry));
  });
}

/** The condition an entry with drift carries (driftPolicy DetectOnly): what a user filters on. */
function drifted(
  drift: readonly { path: string }[],
  previous: SyncTargetEntry,
  now: string,
): NonNullable<SyncTargetEntry['conditions']>[number] {
  // Drifted since the first report that said so, however often the agent reports it again.
  const since = previous.conditions?.find((c) => c.type === 'Drifted')?.lastTransitionTime ?? now;
  const paths = drift.map((d) => d.path);
  const message =
    `${paths.length} field(s) differ downstream and are left as they are (driftPolicy DetectOnly): ` +
    `${paths.slice(0, 5).join(', ')}${paths.length > 5 ? ', …' : ''}`;
  return { type: 'Drifted', status: 'True', reason: 'DownstreamChanged', message, lastTransitionTime: since };
}

function reported(
  previous: SyncTargetEntry,
  report: ObjectStatusReport | DeploymentStatusReport,
  fields: Partial<SyncTargetEntry>,
  ready: boolean,
  now: string,
): SyncTargetEntry {
  // Not a spread: see lib/plain-objects.ts (an entry per target).
  const entry = merged<SyncTargetEntry>(
    placementFields(previous),
    { state: report.state, reportedState: report.state, observedGeneration: report.observedGeneration },
    fields,
    report.health && { health: report.health },
    // The stored start of the unhealthy run, so failover's timer survives a restart or a new leader.
    report.health && report.health.state !== 'Healthy' ? { unhealthySince: previous.unhealthySince ?? now } : undefined,
    report.message === undefined ? undefined : { message: report.message },
    report.retained?.length ? { retained: report.retained } : undefined,
    report.adopted ? { adopted: true } : undefined,
    report.drift?.length
      ? { drift: report.drift, conditions: [...(fields.conditions ?? []), drifted(report.drift, previous, now)] }
      : undefined,
    { lastUpdateTime: now },
  );
  entry.state = stateFor(entry, ready);
  return entry;
}

/** An agent's report of a Deployment as the entry of its target: the counts and conditions, flattened. */
export function reportedEntry(
  previous: SyncTargetEntry,
  report: DeploymentStatusReport,
  ready: boolean,
  now: string,
): SyncTargetEntry {
  const s = report.status;
  return reported(
    previous,
    report,
    {
      replicas: s.replicas ?? 0,
      readyReplicas: s.readyReplicas ?? 0,
      availableReplicas: s.availableReplicas ?? 0,
      updatedReplicas: s.updatedReplicas ?? 0,
      ...(s.conditions ? { conditions: s.conditions } : {}),
    },
    ready,
    now,
  );
}

/** An agent's report of an object of another kind as the entry of its target: its own status, as reported. */
export function reportedObjectEntry(
  previous: SyncTargetEntry,
  report: ObjectStatusReport,
  ready: boolean,
  now: string,
): SyncTargetEntry {
  return reported(previous, report, { status: report.status }, ready, now);
}
