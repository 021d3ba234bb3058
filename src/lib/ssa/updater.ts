// Who owns which field after a write (structured-merge-diff's merge.Updater). An update gives
// its manager every field it added or changed and takes them from everyone else; an apply
// merges the configuration into the live object, removes the fields its manager applied last
// time and no longer applies (unless another manager owns them), and fails on a field another
// manager owns whose value it would change, unless forced, which takes the field over.
import { type Actor, type Manager, type Managers, identityOf, printManager } from './managers.js';
import { merge } from './merge.js';
import { type Path, pathString } from './path.js';
import { ensureNamedFieldsAreMembers, removeItems } from './remove.js';
import { FieldSet } from './set.js';
import { type Shape, isObject } from './shape.js';
import { compare, toFieldSet } from './walk.js';

/** Fields the server sets or that name the object: no manager owns them (fieldmanager's strip set). */
const SERVER_METADATA = [
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
];

/** The part of an object that managers own: no apiVersion, kind, status or server-set metadata. */
export function tracked(object: unknown): Record<string, unknown> {
  if (!isObject(object)) return {};
  const { apiVersion: _a, kind: _k, status: _s, metadata, ...rest } = object;
  const meta = isObject(metadata) ? { ...metadata } : {};
  for (const key of SERVER_METADATA) delete meta[key];
  return Object.keys(meta).length > 0 ? { metadata: meta, ...rest } : rest;
}

export interface Conflict {
  manager: string;
  path: Path;
}

export class ConflictError extends Error {
  constructor(readonly conflicts: Conflict[]) {
    super(conflictMessage(conflicts));
  }
}

function conflictMessage(conflicts: Conflict[]): string {
  if (conflicts.length === 1) {
    return `Apply failed with 1 conflict: conflict with ${conflicts[0]!.manager}: ${pathString(conflicts[0]!.path)}`;
  }
  const byManager = new Map<string, string[]>();
  for (const { manager, path } of conflicts) {
    byManager.set(manager, [...(byManager.get(manager) ?? []), pathString(path)]);
  }
  const lines = [...byManager.keys()]
    .sort()
    .flatMap((m) => [`conflicts with ${m}:`, ...byManager.get(m)!.map((p) => `- ${p}`)]);
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

const copyManagers = (managers: Managers): Managers =>
  new Map([...managers].map(([identity, m]) => [identity, { entry: { ...m.entry }, set: m.set }]));

/** Takes the changed fields from the other managers; with force false, conflicts fail instead. */
function settle(live: unknown, next: unknown, shape: Shape, managers: Managers, actor: string, force: boolean) {
  const comparison = compare(tracked(live), tracked(next), shape);
  const changed = comparison.modified.union(comparison.added);
  const conflicts: Conflict[] = [];
  for (const [identity, manager] of managers) {
    if (identity === actor) continue;
    const clash = manager.set.intersection(changed);
    conflicts.push(...clash.paths().map((path) => ({ manager: printManager(manager.entry), path })));
    manager.set = manager.set.difference(clash).difference(comparison.removed);
  }
  if (!force && conflicts.length > 0) throw new ConflictError(conflicts);
  for (const [identity, manager] of managers) if (manager.set.empty()) managers.delete(identity);
  return comparison;
}

const actorEntry = (actor: Actor, known?: Manager): Manager['entry'] => ({
  ...known?.entry,
  manager: actor.manager,
  operation: actor.operation,
  apiVersion: actor.apiVersion,
});

/** The managers after a write that is not an apply (create, update, patch). */
export function recordUpdate(live: unknown, next: unknown, shape: Shape, before: Managers, actor: Actor): Managers {
  const managers = copyManagers(before);
  const identity = identityOf(actor);
  const comparison = settle(live, next, shape, managers, identity, true);
  const own = managers.get(identity)?.set ?? new FieldSet();
  const set = own.difference(comparison.removed).union(comparison.modified).union(comparison.added);
  managers.set(identity, { entry: actorEntry(actor, managers.get(identity)), set });
  if (set.empty()) managers.delete(identity);
  return managers;
}

/** Applies a configuration to the live object (undefined when there is none yet). */
export function apply(
  live: unknown,
  config: Record<string, unknown>,
  shape: Shape,
  before: Managers,
  actor: Actor,
  force: boolean,
): { object: unknown; managers: Managers } {
  const managers = copyManagers(before);
  const identity = identityOf(actor);
  if (live !== undefined && managers.size === 0) {
    // As Kubernetes does for an object no manager has written yet: its fields stay someone's.
    const first = { manager: 'before-first-apply', operation: 'Update' as const, apiVersion: actor.apiVersion };
    managers.set(identityOf(first), { entry: first, set: toFieldSet(tracked(live), shape) });
  }
  const { status: _status, ...applied } = config;
  const last = managers.get(identity)?.set;
  let object = merge(live ?? {}, applied, shape);
  const set = toFieldSet(tracked(applied), shape);
  managers.set(identity, { entry: actorEntry(actor, managers.get(identity)), set });
  if (last && !last.empty()) {
    let owned = new FieldSet();
    for (const manager of managers.values()) owned = owned.union(manager.set);
    const stale = ensureNamedFieldsAreMembers(last, shape).difference(ensureNamedFieldsAreMembers(owned, shape));
    object = removeItems(object, stale, shape);
  }
  settle(live ?? {}, object, shape, managers, identity, force);
  return { object, managers };
}
