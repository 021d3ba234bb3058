// What agents make of the namespaces of their objects: each Namespace's labels and annotations
// here, applied to the namespace downstream, so that what a namespace's labels switch on in a
// cluster (Pod Security admission, a mesh's sidecar injection, NetworkPolicies' namespace
// selectors) follows the control plane. kubectl's last-applied copy stays here: downstream it
// would describe an apply that never happened there.
import { jsonEqual } from '../lib/merge-patch.js';
import type { FeedItem, FeedNamespace } from '../schemas/agent.js';
import type { KubeObject } from '../schemas/meta.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export function feedNamespaceOf(namespace: KubeObject): FeedNamespace {
  const { name, labels, annotations } = namespace.metadata;
  const { [LAST_APPLIED]: _lastApplied, ...carried } = annotations ?? {};
  return {
    name: name!,
    ...(labels && Object.keys(labels).length > 0 ? { labels } : {}),
    ...(Object.keys(carried).length > 0 ? { annotations: carried } : {}),
  };
}

export class NamespaceViews {
  private readonly byName = new Map<string, FeedNamespace>();

  /** Takes in a Namespace's change; true when what agents get of it changed. */
  take(namespace: KubeObject, gone: boolean): boolean {
    const name = namespace.metadata.name!;
    const before = this.byName.get(name);
    if (gone) return this.byName.delete(name) && (before!.labels !== undefined || before!.annotations !== undefined);
    const view = feedNamespaceOf(namespace);
    this.byName.set(name, view);
    return !jsonEqual(before ?? { name }, view);
  }

  /** The namespaces of `items`, by name, each as agents get it (a namespace not known here: its name alone). */
  of(items: readonly FeedItem[]): FeedNamespace[] {
    const names = new Set(items.flatMap((item) => (item.metadata.namespace ? [item.metadata.namespace] : [])));
    return [...names].sort().map((name) => this.byName.get(name) ?? { name });
  }
}
