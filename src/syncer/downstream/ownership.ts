// What marks a downstream object (of any kind) as this agent's: annotations naming the sync target and
// the upstream object it was applied from. An object without them is someone else's, and the
// agent never writes or deletes it. The label only lets one watch select the agent's objects:
// an owned object that lost it is still found (by name) and gets it back on the next apply.
import { createHash } from 'node:crypto';
import type { FeedItem } from '../upstream/feed-answer.js';
import { effectivePolicy } from '../reconcile/sync-policy.js';
import type { KubeObject } from '../../schemas/meta.js';

/** The field manager of every write: `kubectl get -o yaml --show-managed-fields` shows it. */
export const FIELD_MANAGER = 'tmc-syncer';
export const SYNC_TARGET_LABEL = 'workload.kcp.io/sync-target';
export const SYNC_TARGET_ANNOTATION = 'workload.kcp.io/sync-target';
export const UPSTREAM_NAMESPACE_ANNOTATION = 'workload.kcp.io/upstream-namespace';
export const UPSTREAM_NAME_ANNOTATION = 'workload.kcp.io/upstream-name';
export const UPSTREAM_GENERATION_ANNOTATION = 'workload.kcp.io/upstream-generation';
/** Set to Orphan on an object to be left running when it leaves the target: read when it is no longer desired. */
export const DELETION_POLICY_ANNOTATION = 'workload.kcp.io/deletion-policy';

/**
 * The label value for a sync target. Names may be 253 characters, label values only 63, so a
 * long name is cut and made unique again with a hash; the annotation keeps the full name.
 */
export function targetLabelValue(target: string): string {
  if (target.length <= 63) return target;
  const hash = createHash('sha256').update(target).digest('hex').slice(0, 12);
  return `${target.slice(0, 50).replace(/[^a-z0-9]+$/, '')}-${hash}`;
}

export const ownedSelector = (target: string): string => `${SYNC_TARGET_LABEL}=${targetLabelValue(target)}`;

export function isOwned(object: KubeObject, target: string): boolean {
  const { name, namespace = '', annotations = {} } = object.metadata;
  // A cluster-scoped object (a CustomResourceDefinition) has no namespace; its upstream one is ''.
  return (
    annotations[SYNC_TARGET_ANNOTATION] === target &&
    annotations[UPSTREAM_NAMESPACE_ANNOTATION] === namespace &&
    annotations[UPSTREAM_NAME_ANNOTATION] === name
  );
}

/** How an object is named in messages: its resource ("deployments.apps") and kind. */
export interface KindNames {
  resource: string;
  kind: string;
}

const DEPLOYMENT_NAMES: KindNames = { resource: 'deployments.apps', kind: 'Deployment' };

/** Why the agent leaves `object` alone, for the Error it reports upstream. */
export function notOwnedMessage(object: KubeObject, target: string, names: KindNames = DEPLOYMENT_NAMES): string {
  const { namespace, name, annotations = {} } = object.metadata;
  const where = namespace ? `in namespace "${namespace}" of` : 'in';
  const other = annotations[SYNC_TARGET_ANNOTATION];
  const owner =
    other && other !== target
      ? `it belongs to sync target "${other}"`
      : `it has no ${SYNC_TARGET_ANNOTATION}: ${target} annotation`;
  return (
    `${names.resource} "${name}" already exists ${where} the downstream cluster ` +
    'and is not managed by ' +
    `${FIELD_MANAGER} for sync target "${target}" (${owner}); the syncer leaves it untouched: delete or rename it downstream, ` +
    `or stop placing this ${names.kind} on this target`
  );
}

/**
 * A Secret's stringData is write-only: the API server folds it into data and never shows it
 * again. Folding it the same way here keeps what is applied comparable with what is read back.
 */
function foldStringData(body: Record<string, unknown>): Record<string, unknown> {
  const { stringData, ...rest } = body;
  if (!stringData || typeof stringData !== 'object') return body;
  const base64 = (value: unknown) => Buffer.from(String(value), 'utf8').toString('base64');
  const encoded = Object.fromEntries(Object.entries(stringData).map(([k, v]) => [k, base64(v)]));
  return { ...rest, data: { ...(rest.data as Record<string, string> | undefined), ...encoded } };
}

/** The object the agent applies for a feed item: the user's object plus the ownership marks. */
export function desiredObject(item: FeedItem, target: string): KubeObject {
  const { apiVersion, kind, metadata, status: _status, ...fields } = item;
  const { name, namespace, labels = {}, annotations = {}, generation } = metadata;
  const body = apiVersion === 'v1' && kind === 'Secret' ? foldStringData(fields) : fields;
  return {
    apiVersion,
    kind,
    metadata: {
      name,
      // '' upstream is cluster-scoped here: no namespace at all, as kubectl would send it.
      ...(namespace ? { namespace } : {}),
      labels: { ...labels, [SYNC_TARGET_LABEL]: targetLabelValue(target) },
      annotations: {
        ...annotations,
        [SYNC_TARGET_ANNOTATION]: target,
        [UPSTREAM_NAMESPACE_ANNOTATION]: namespace,
        [UPSTREAM_NAME_ANNOTATION]: name,
        [UPSTREAM_GENERATION_ANNOTATION]: String(generation),
        // The feed item is gone by the time it matters, so the object itself says how to let it go.
        ...(effectivePolicy(item).deletionPolicy === 'Orphan' ? { [DELETION_POLICY_ANNOTATION]: 'Orphan' } : {}),
      },
    },
    ...body,
  };
}
/** The upstream generation the downstream object was last applied from, if it says. */
export function appliedGeneration(object: KubeObject): number | undefined {
  const text = object.metadata.annotations?.[UPSTREAM_GENERATION_ANNOTATION];
  const value = text === undefined ? NaN : Number(text);
  return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}
