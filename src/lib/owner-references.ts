// metadata.ownerReferences as apimachinery checks them (ValidateOwnerReferences): each names its
// owner's apiVersion, kind, name and uid, no Event owns anything, and at most one owner is the
// controller. The garbage collector (src/garbage/) acts on them.
import type { OwnerReference } from '../schemas/meta.js';
import { type Cause, invalid } from './validation.js';

/** The group and version of an apiVersion (`apps/v1`; `v1` for the core group); version '' when malformed. */
export function groupVersionOf(apiVersion: string): { group: string; version: string } {
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: apiVersion };
  if (parts.length === 2) return { group: parts[0]!, version: parts[1]! };
  return { group: '', version: '' };
}

/** As apimachinery prints a group, version and kind: `/v1, Kind=Event`. */
const gvkText = (group: string, version: string, kind: string) => `${group}/${version}, Kind=${kind}`;
const BANNED_OWNERS = new Set([gvkText('', 'v1', 'Event')]);

function referenceCauses(field: string, ref: OwnerReference): Cause[] {
  const { group, version } = groupVersionOf(ref.apiVersion);
  const causes: Cause[] = [];
  // The fields of every reference share one path, without an index, as in Kubernetes.
  if (!version) causes.push(invalid(`${field}.apiVersion`, ref.apiVersion, 'version must not be empty'));
  if (!ref.kind) causes.push(invalid(`${field}.kind`, ref.kind, 'must not be empty'));
  if (!ref.name) causes.push(invalid(`${field}.name`, ref.name, 'must not be empty'));
  if (!ref.uid) causes.push(invalid(`${field}.uid`, ref.uid, 'must not be empty'));
  const gvk = gvkText(group, version, ref.kind);
  if (BANNED_OWNERS.has(gvk)) causes.push(invalid(field, ref, `${gvk} is disallowed from being an owner`));
  return causes;
}

export function validateOwnerReferences(field: string, refs: readonly OwnerReference[] | undefined): Cause[] {
  if (!refs) return [];
  const causes = refs.flatMap((ref) => referenceCauses(field, ref));
  const controllers = refs.filter((ref) => ref.controller === true).map((ref) => `${ref.kind}/${ref.name}`);
  for (const second of controllers.slice(1)) {
    const why = `Only one reference can have Controller set to true. Found "true" in references for ${controllers[0]} and ${second}`;
    causes.push(invalid(field, refs, why));
  }
  return causes;
}

/** The owners of an object, [] when it has none. */
export const ownersOf = (object: { metadata: { ownerReferences?: OwnerReference[] } }): OwnerReference[] =>
  object.metadata.ownerReferences ?? [];
