// The day-two policy the agent follows for one object: what the Placements that chose this
// target give in the feed item (metadata.syncPolicy), overridden per object by annotations on
// the upstream object, which travel with it:
//   tmc.kcp.io/ignore-fields: '[{"path": "/spec/replicas", "when": "Always"}]'
//     (added to the Placements')
//   tmc.kcp.io/conflict-resolution: Abort | Adopt
//   tmc.kcp.io/deletion-policy: Delete | Orphan
//   tmc.kcp.io/drift-policy: Correct | DetectOnly
import type { FeedItem } from '../upstream/feed-answer.js';
import type {
  ConflictResolution,
  DeletionPolicy,
  DriftPolicy,
  IgnoreField,
  SyncPolicy,
} from '../../schemas/sync-policy.js';

export const IGNORE_FIELDS_ANNOTATION = 'tmc.kcp.io/ignore-fields';
export const CONFLICT_RESOLUTION_ANNOTATION = 'tmc.kcp.io/conflict-resolution';
export const DELETION_POLICY_ANNOTATION = 'tmc.kcp.io/deletion-policy';
export const DRIFT_POLICY_ANNOTATION = 'tmc.kcp.io/drift-policy';

export interface EffectivePolicy {
  ignoreFields: IgnoreField[];
  conflictResolution: ConflictResolution;
  deletionPolicy: DeletionPolicy;
  driftPolicy: DriftPolicy;
  /** What is wrong with the object's annotations, if anything: reported as the object's Error. */
  problem?: string;
}

const POINTER = /^(\/([^~/]|~[01])*)+$/;

function parseIgnoreFields(text: string | undefined): { fields: IgnoreField[]; problem?: string } {
  if (text === undefined) return { fields: [] };
  const problem =
    `the ${IGNORE_FIELDS_ANNOTATION} annotation is not a JSON list of {"path": "/a/json/pointer", ` +
    '"when": "Always" | "OnDownstreamChange"}: fix the annotation upstream';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { fields: [], problem };
  }
  if (!Array.isArray(parsed)) return { fields: [], problem };
  const fields: IgnoreField[] = [];
  for (const entry of parsed as unknown[]) {
    const { path, when } = (entry ?? {}) as Record<string, unknown>;
    if (typeof path !== 'string' || !POINTER.test(path)) return { fields: [], problem };
    if (when !== undefined && when !== 'Always' && when !== 'OnDownstreamChange') return { fields: [], problem };
    fields.push({ path, ...(when ? { when } : {}) });
  }
  return { fields };
}

/** The annotation's value when allowed, else a problem (a sentence: it has spaces, no allowed value does). */
function choice(name: string, value: string | undefined, allowed: readonly string[]): string | undefined {
  if (value === undefined) return undefined;
  return allowed.includes(value) ? value : `the ${name} annotation must be one of ${allowed.join(', ')}`;
}

export function effectivePolicy(item: FeedItem): EffectivePolicy {
  const given: SyncPolicy = item.metadata.syncPolicy ?? {};
  const annotations = item.metadata.annotations ?? {};
  const ignore = parseIgnoreFields(annotations[IGNORE_FIELDS_ANNOTATION]);
  const annotated = (name: string, allowed: string[]) => choice(name, annotations[name], allowed);
  const conflict = annotated(CONFLICT_RESOLUTION_ANNOTATION, ['Abort', 'Adopt']);
  const deletion = annotated(DELETION_POLICY_ANNOTATION, ['Delete', 'Orphan']);
  const drift = annotated(DRIFT_POLICY_ANNOTATION, ['Correct', 'DetectOnly']);
  const problems = [ignore.problem, ...[conflict, deletion, drift].filter((v) => v?.includes(' '))];
  const isValue = (v: string | undefined) => v !== undefined && !v.includes(' ');
  const problem = problems.filter((p): p is string => p !== undefined).join('; ');
  return {
    ignoreFields: [...(given.ignoreFields ?? []), ...ignore.fields],
    conflictResolution: (isValue(conflict) ? conflict : (given.conflictResolution ?? 'Abort')) as ConflictResolution,
    deletionPolicy: (isValue(deletion) ? deletion : (given.deletionPolicy ?? 'Delete')) as DeletionPolicy,
    driftPolicy: (isValue(drift) ? drift : (given.driftPolicy ?? 'Correct')) as DriftPolicy,
    ...(problem ? { problem } : {}),
  };
}
