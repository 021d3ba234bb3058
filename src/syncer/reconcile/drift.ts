// When an owned object must be applied again. The agent remembers, per object, what it last
// applied and the downstream generation that apply produced: for kinds with a spec Kubernetes
// bumps the generation on every spec change, so a higher one means someone else changed it
// (a `kubectl scale`, an edit). Kinds without a generation (a ConfigMap, a Service) have their
// applied fields compared directly, as have the agent's own labels and annotations for all.
// Status updates change none of these, so the steady stream of them costs no API calls.
import { createHash } from 'node:crypto';
import type { KubeObject } from '../../schemas/meta.js';
import { canonicalJson } from '../../lib/canonical-json.js';

export interface AppliedRecord {
  uid: string;
  /** manifestHash of what was applied. */
  hash: string;
  /** metadata.generation of the object the apply returned. */
  generation: number;
  /** What was applied, before retained fields were filled in (for ignoreFields OnDownstreamChange). */
  manifest?: KubeObject;
}

/** first-sync: the first look after a start; resync: the periodic full re-apply. */
export type ApplyReason = 'create' | 'first-sync' | 'update' | 'drift' | 'resync';

export const manifestHash = (manifest: KubeObject): string =>
  createHash('sha256').update(canonicalJson(manifest)).digest('hex');

const missingFrom = (wanted: Record<string, string> = {}, have: Record<string, string> = {}): string[] =>
  Object.keys(wanted).filter((k) => have[k] !== wanted[k]);

/** Why `desired` must be applied over `current`, or undefined when the cluster already has it. */
export function applyReason(
  desired: KubeObject,
  hash: string,
  current: KubeObject | undefined,
  record: AppliedRecord | undefined,
): ApplyReason | undefined {
  if (!current) return 'create';
  // After a restart nothing is remembered: one apply each (a no-op when nothing differs).
  if (!record) return 'first-sync';
  if (record.hash !== hash) return 'update';
  if (current.metadata.uid !== record.uid) return 'drift';
  if (record.generation > 0) {
    // A lower generation is only a watch event older than the apply the record came from.
    if ((current.metadata.generation ?? 0) > record.generation) return 'drift';
  } else if (driftedBody(desired, current).length > 0) {
    return 'drift';
  }
  const labels = missingFrom(desired.metadata.labels, current.metadata.labels);
  const annotations = missingFrom(desired.metadata.annotations, current.metadata.annotations);
  return labels.length + annotations.length > 0 ? 'drift' : undefined;
}

/** Told of each differing field, with both values (for a report that shows them). */
export type DriftSink = (path: string, want: unknown, have: unknown) => void;

/**
 * The paths under which `current` differs from what `desired` asks for, for the log line of
 * a drift correction. Fields only `current` has (defaults, other managers' fields) are fine.
 */
export function driftedFields(desired: unknown, current: unknown, path = '', found?: DriftSink): string[] {
  const differs = (): string[] => {
    found?.(path, desired, current);
    return [path];
  };
  // The API server leaves empty maps and lists out of what it returns: asking for none is having none.
  if (current === undefined && (desired === null || isEmpty(desired))) return [];
  if (Array.isArray(desired)) {
    if (!Array.isArray(current) || current.length !== desired.length) return differs();
    return desired.flatMap((item, i) => driftedFields(item, current[i], `${path}[${i}]`, found));
  }
  if (desired && typeof desired === 'object') {
    if (!current || typeof current !== 'object' || Array.isArray(current)) return differs();
    return Object.entries(desired).flatMap(([k, v]) =>
      driftedFields(v, (current as Record<string, unknown>)[k], path ? `${path}.${k}` : k, found),
    );
  }
  return desired === current ? [] : differs();
}

const isEmpty = (value: unknown): boolean =>
  (Array.isArray(value) && value.length === 0) ||
  (!!value && typeof value === 'object' && Object.keys(value).length === 0);

/** The paths (never the values: a Secret's data is one) of the kind's own fields that differ. */
function driftedBody(desired: KubeObject, current: KubeObject, found?: DriftSink): string[] {
  const { apiVersion: _v, kind: _k, metadata: _m, status: _s, ...fields } = desired;
  return Object.entries(fields).flatMap(([field, value]) => driftedFields(value, current[field], field, found));
}

/** The drifted paths of an owned object: its metadata marks and its own fields (spec, data...). */
export function driftedPaths(desired: KubeObject, current: KubeObject, found?: DriftSink): string[] {
  return [
    ...driftedFields(desired.metadata.labels ?? {}, current.metadata.labels ?? {}, 'metadata.labels', found),
    ...driftedFields(
      desired.metadata.annotations ?? {},
      current.metadata.annotations ?? {},
      'metadata.annotations',
      found,
    ),
    ...driftedBody(desired, current, found),
  ];
}
