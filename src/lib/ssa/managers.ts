// metadata.managedFields as structured-merge-diff sees it: one field set per manager, where a
// manager is its name, its operation (Apply or Update), for Update the API version it wrote,
// and its subresource. Entries are written back in Kubernetes' order: Apply before Update, then
// by time, manager and API version.
import { type FieldsV1, FieldSet } from './set.js';

export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: FieldsV1;
  subresource?: string;
}

export interface Manager {
  entry: Omit<ManagedFieldsEntry, 'fieldsV1' | 'fieldsType'>;
  set: FieldSet;
}

/** Managers by identity (see identityOf). */
export type Managers = Map<string, Manager>;

export interface Actor {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
}

/** Apply entries are one per manager whatever version it applied; Update ones per version. */
export function identityOf(entry: Omit<ManagedFieldsEntry, 'fieldsV1' | 'fieldsType' | 'time'>): string {
  const { manager = '', operation = '', apiVersion = '', subresource = '' } = entry;
  return JSON.stringify([manager, operation, operation === 'Apply' ? '' : apiVersion, subresource]);
}

export function decodeManagers(entries: ManagedFieldsEntry[] | undefined): Managers {
  const out: Managers = new Map();
  for (const { fieldsV1, fieldsType: _type, ...entry } of entries ?? []) {
    const set = FieldSet.fromFieldsV1(fieldsV1 ?? {});
    const identity = identityOf(entry);
    const known = out.get(identity);
    out.set(identity, { entry, set: known ? known.set.union(set) : set });
  }
  return out;
}

/** The entries to store: each manager's set; the actor's (and a new one) stamped with `now`, others keep their time. */
export function encodeManagers(managers: Managers, before: Managers, actor: Actor, now: string): ManagedFieldsEntry[] {
  const entries: ManagedFieldsEntry[] = [];
  const actorIdentity = identityOf(actor);
  for (const [identity, { entry, set }] of managers) {
    if (set.empty()) continue;
    const previous = before.get(identity);
    const changed = identity === actorIdentity || !previous;
    const time = changed ? now : entry.time;
    const { subresource, ...rest } = entry;
    entries.push({
      ...rest,
      ...(time ? { time } : {}),
      fieldsType: 'FieldsV1',
      fieldsV1: set.toFieldsV1(),
      ...(subresource ? { subresource } : {}),
    });
  }
  return entries.sort(entryOrder);
}

function entryOrder(p: ManagedFieldsEntry, q: ManagedFieldsEntry): number {
  const pairs: [string, string][] = [
    [p.operation ?? '', q.operation ?? ''],
    [seconds(p.time), seconds(q.time)],
    [p.manager ?? '', q.manager ?? ''],
    [p.apiVersion ?? '', q.apiVersion ?? ''],
    [p.subresource ?? '', q.subresource ?? ''],
  ];
  for (const [a, b] of pairs) if (a !== b) return a < b ? -1 : 1;
  return 0;
}

const seconds = (time: string | undefined): string => String(time ? Date.parse(time) / 1000 : 0).padStart(16, '0');

/** A manager as a conflict names it: `"mgr"`, or `"mgr" using apps/v1` for an Update manager. */
export function printManager(entry: Manager['entry']): string {
  const name = JSON.stringify(entry.manager ?? '');
  const withSubresource = entry.subresource ? `${name} with subresource ${JSON.stringify(entry.subresource)}` : name;
  return entry.operation === 'Update' ? `${withSubresource} using ${entry.apiVersion ?? ''}` : withSubresource;
}
