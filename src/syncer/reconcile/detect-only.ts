// driftPolicy DetectOnly: a downstream change is left as it is and reported field by field;
// what the user changes upstream is still applied. A Secret's values never leave the cluster:
// its drifted fields are reported by path only.
import { type ApplyReason, driftedPaths } from './drift.js';
import type { FeedItem } from '../upstream/feed-answer.js';
import { appliedGeneration } from '../downstream/ownership.js';
import type { KubeObject } from '../../schemas/meta.js';
import type { DriftedField } from '../../schemas/sync-policy.js';

const MAX_FIELDS = 64;
const MAX_VALUE = 1024;

const shown = (value: unknown): string | undefined => {
  if (value === undefined) return undefined;
  const text = JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
};

/** The fields of `current` that differ from `desired`, with both values (a Secret's redacted). */
export function fieldDrift(desired: KubeObject, current: KubeObject): DriftedField[] {
  const secret = desired.apiVersion === 'v1' && desired.kind === 'Secret';
  const fields: DriftedField[] = [];
  driftedPaths(desired, current, (path, want, have) => {
    if (fields.length >= MAX_FIELDS) return;
    const pair = secret ? {} : { want: shown(want), have: shown(have) };
    fields.push({ path, ...Object.fromEntries(Object.entries(pair).filter(([, v]) => v !== undefined)) });
  });
  return fields;
}

/**
 * Whether an apply for `reason` would only undo downstream changes, which DetectOnly leaves
 * alone: a drift or the periodic re-apply, and the first look after a start unless the object
 * there was applied from an older upstream generation (then the user changed it meanwhile).
 */
export function onlyUndoesDrift(reason: ApplyReason, item: FeedItem, current: KubeObject): boolean {
  if (reason === 'drift' || reason === 'resync') return true;
  return reason === 'first-sync' && appliedGeneration(current) === item.metadata.generation;
}
