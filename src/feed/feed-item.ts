// What the feed carries of an object, and where it sorts among a target's objects.
import type { FeedItem } from '../schemas/agent.js';
import { groupKind, rankOf } from '../schemas/apply-order.js';
import { kindEntry } from '../schemas/kinds.js';
import type { KubeObject } from '../schemas/meta.js';
import { objectKey } from '../runtime/informer.js';
import { DEPLOYMENT_KIND } from '../schemas/deployment.js';
import { CARRIED_KINDS } from '../schemas/kinds.js';

/** The built-in kinds the feed carries: every kind a Placement puts on a target but custom resources. */
export const FEED_KINDS: readonly string[] = [DEPLOYMENT_KIND, ...CARRIED_KINDS.map((k) => k.kind)];

/** Everything but status and the server's bookkeeping (uid, resourceVersion, timestamps, managed fields). */
export function feedItemOf(object: KubeObject): FeedItem {
  const { apiVersion, kind, metadata, status: _status, ...fields } = object;
  const { name, namespace, labels, annotations, generation } = metadata;
  return {
    apiVersion,
    kind,
    metadata: {
      name: name!,
      // '' for a cluster-scoped object: a custom resource's definition.
      namespace: namespace ?? '',
      ...(labels ? { labels } : {}),
      ...(annotations ? { annotations } : {}),
      generation: generation ?? 0,
    },
    ...fields,
  };
}

/**
 * The index key of an object: its apply rank, kind, namespace and name, so that sorting the keys
 * of a target gives its objects in apply order, and by namespace and name within a kind.
 */
export function feedKey(kind: string, object: KubeObject): string {
  const entry = kindEntry(kind);
  // A custom resource's group is its apiVersion's: no table knows it.
  const apiVersion = entry ? (entry.group ? `${entry.group}/${entry.version}` : entry.version) : object.apiVersion;
  const rank = rankOf(groupKind(apiVersion, kind));
  return `${String(rank).padStart(3, '0')} ${kind} ${objectKey(object)}`;
}
