// The text of `tmc describe`, as kubectl describe lays it out: the object's identity, its spec
// (a Secret's data as key names and sizes only, never values), where it is placed and how it
// is there (status.syncTargets), and its conditions.
import { stringify } from 'yaml';
import { age } from '../lib/human-duration.js';
import type { KubeObject } from '../schemas/meta.js';
import { renderTable } from './table.js';

type Entry = Record<string, unknown>;

// The last-applied annotations repeat the object (for a Secret, its data): left out, as kubectl does.
const LAST_APPLIED = ['kubectl.kubernetes.io/last-applied-configuration', 'tmc.kcp.io/last-applied-configuration'];

const pairs = (map: Record<string, string> | undefined): string =>
  Object.entries(map ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join('\n              ') || '<none>';
const line = (label: string, value: unknown): string =>
  `${`${label}:`.padEnd(14)}${value === undefined ? '<none>' : value}\n`;
const cell = (value: unknown): string => (value === undefined || value === null || value === '' ? '-' : String(value));
const indent = (text: string): string =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
const section = (title: string, body: string): string => `${title}:\n${indent(body)}\n`;

/** A Secret's data as kubectl describe shows it: each key and its decoded size. */
function secretData(object: KubeObject): string {
  const data = (object.data ?? {}) as Record<string, string>;
  const rows = Object.entries(data).map(([key, value]) => `${key}:  ${Buffer.from(value, 'base64').length} bytes`);
  return rows.join('\n') || '<none>';
}

/** What the object says besides metadata and status: the spec, or the fields of a kind without one. */
function body(object: KubeObject): string {
  if (object.kind === 'Secret') return `${line('Type', object.type ?? 'Opaque')}${section('Data', secretData(object))}`;
  const { apiVersion: _a, kind: _k, metadata: _m, status: _s, ...rest } = object;
  if (Object.keys(rest).length === 0) return '';
  const fields = Object.keys(rest).length === 1 && rest.spec ? rest.spec : rest;
  return section(rest.spec && Object.keys(rest).length === 1 ? 'Spec' : 'Fields', stringify(fields));
}

/** The health verdict the agent reported for a target, as `Healthy (RolledOut)`. */
const health = (e: Entry): string => {
  const h = e.health as Entry | undefined;
  return h ? `${cell(h.state)}${h.reason ? ` (${String(h.reason)})` : ''}` : '-';
};

/** Why the object is on a target (selected, or needed there), and the Overrides applied there. */
const why = (e: Entry): string => {
  const names = Array.isArray(e.overrides) ? e.overrides.join(',') : '';
  const overrides = names ? `; overrides ${names}` : '';
  if (e.reason !== 'DependencyOf') return `${cell(e.reason)}${overrides}`;
  const needers = (Array.isArray(e.dependencyOf) ? e.dependencyOf : []) as Entry[];
  return `DependencyOf ${needers.map((n) => `${String(n.kind)}/${String(n.name)}`).join(',')}${overrides}`;
};

function placement(status: Entry): string {
  const entries = status.syncTargets;
  if (!Array.isArray(entries)) return '';
  if (entries.length === 0) return section('Placed on', '<no SyncTarget yet>');
  const rows = (entries as Entry[]).map((e) => [
    cell(e.name),
    cell(e.state),
    e.readyReplicas === undefined ? '-' : `${cell(e.readyReplicas)}/${cell(e.replicas)}`,
    health(e),
    why(e),
    cell(e.observedGeneration),
    cell(e.message),
  ]);
  const columns = ['SYNCTARGET', 'STATE', 'READY', 'HEALTH', 'WHY', 'GENERATION', 'MESSAGE'];
  return section('Placed on', renderTable(columns, rows));
}

const DEFAULTS: Entry = { conflictResolution: 'Abort', deletionPolicy: 'Delete', driftPolicy: 'Correct' };

/** The policy a target's entry carries, less what is the default: `driftPolicy=DetectOnly, ignore /spec/replicas`. */
function policyText(policy: Entry | undefined): string {
  const parts = Object.entries(policy ?? {})
    .filter(([k, v]) => k !== 'ignoreFields' && v !== DEFAULTS[k])
    .map(([k, v]) => `${k}=${String(v)}`);
  const ignored = (Array.isArray(policy?.ignoreFields) ? policy.ignoreFields : []) as Entry[];
  if (ignored.length > 0) {
    const fields = ignored.map((f) => `${String(f.path)}${f.when ? `(${String(f.when)})` : ''}`);
    parts.push(`ignoreFields=${fields.join(',')}`);
  }
  return parts.join(' ');
}

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Day two per target, only when something differs from the default: policy, retained fields, adoption, drift. */
function dayTwo(status: Entry): string {
  const rows = list(status.syncTargets)
    .map((e) => e as Entry)
    .map((e) => {
      const drift = list(e.drift).length;
      return [
        cell(e.name),
        cell(policyText(e.policy as Entry | undefined)),
        cell(list(e.retained).join(',')),
        e.adopted === true ? 'Adopted' : '-',
        drift > 0 ? `${drift} field(s)` : '-',
      ];
    })
    .filter((row) => row.slice(1).some((c) => c !== '-'));
  if (rows.length === 0) return '';
  const drifted = rows.some((row) => row[4] !== '-')
    ? 'drift field by field: tmc diff KIND NAME --target SYNCTARGET\n'
    : '';
  return section('Day two', `${renderTable(['SYNCTARGET', 'POLICY', 'RETAINED', 'ADOPTED', 'DRIFT'], rows)}${drifted}`);
}

function conditions(status: Entry, now: number): string {
  const list = status.conditions;
  if (!Array.isArray(list) || list.length === 0) return '';
  const rows = (list as Entry[]).map((c) => [
    cell(c.type),
    cell(c.status),
    cell(c.reason),
    c.lastTransitionTime ? age(c.lastTransitionTime, now) : '-',
    cell(c.message),
  ]);
  return section('Conditions', renderTable(['TYPE', 'STATUS', 'REASON', 'AGE', 'MESSAGE'], rows));
}

export function describeText(object: KubeObject, now = Date.now()): string {
  const meta = object.metadata;
  const status = (object.status ?? {}) as Entry;
  const { syncTargets: _t, conditions: _c, ...restOfStatus } = status;
  return [
    line('Name', meta.name),
    meta.namespace ? line('Namespace', meta.namespace) : '',
    line('Kind', `${object.kind} (${object.apiVersion})`),
    line('Labels', pairs(meta.labels)),
    line(
      'Annotations',
      pairs(Object.fromEntries(Object.entries(meta.annotations ?? {}).filter(([k]) => !LAST_APPLIED.includes(k)))),
    ),
    line(
      'Created',
      meta.creationTimestamp ? `${meta.creationTimestamp} (${age(meta.creationTimestamp, now)} ago)` : undefined,
    ),
    meta.generation === undefined ? '' : line('Generation', meta.generation),
    body(object),
    Object.keys(restOfStatus).length > 0 ? section('Status', stringify(restOfStatus)) : '',
    placement(status),
    dayTwo(status),
    conditions(status, now),
  ].join('');
}
