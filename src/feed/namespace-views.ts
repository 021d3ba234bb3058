// What agents make of the namespaces of their objects: each Namespace's labels and annotations
// here, applied to the namespace downstream, so that what a namespace's labels switch on in a
// cluster (Pod Security admission, a mesh's sidecar injection, NetworkPolicies' namespace
// selectors) follows the control plane. kubectl's last-applied copy stays here: downstream it
// would describe an apply that never happened there. So does the name label, which every
// kube-apiserver sets on its own namespaces.
import { jsonEqual } from '../lib/merge-patch.js';
import type { FeedItem, FeedNamespace } from '../schemas/agent.js';
import type { KubeObject } from '../schemas/meta.js';
import { NAMESPACE_NAME_LABEL } from '../schemas/namespace.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export function feedNamespaceOf(namespace: KubeObject): FeedNamespace {
  const { name, labels: all, annotations } = namespace.metadata;
  const { [NAMESPACE_NAME_LABEL]: _name, ...labels } = all ?? {};
  const { [LAST_APPLIED]: _lastApplied, ...carried } = annotations ?? {};
  return {
    name: name!,
    ...(Object.keys(labels).length > 0 ? { labels } : {}),
    ...(Object.keys(carried).length > 0 ? { annotations: carried } : {}),
  };
}

export class NamespaceViews {
  private readonly byName = new Map<string, FeedNamespace>();
  /**
   * The JSON of the namespaces of a set of names: a change reaching thousands of targets answers
   * thousands of feeds, nearly all with the same namespaces. Emptied when any namespace changes.
   */
  private readonly texts = new Map<string, string>();

  /** Takes in a Namespace's change; true when what agents get of it changed. */
  take(namespace: KubeObject, gone: boolean): boolean {
    const name = namespace.metadata.name!;
    const before = this.byName.get(name);
    const view = gone ? { name } : feedNamespaceOf(namespace);
    if (gone) this.byName.delete(name);
    else this.byName.set(name, view);
    const changed = !jsonEqual(before ?? { name }, view);
    if (changed) this.texts.clear();
    return changed;
  }

  /** The JSON of the namespaces of `items`, by name, each as agents get it (one not known here: its name alone). */
  textOf(items: readonly FeedItem[]): string {
    const names = [...new Set(items.flatMap((item) => (item.metadata.namespace ? [item.metadata.namespace] : [])))];
    const key = names.sort().join(' ');
    let text = this.texts.get(key);
    if (text === undefined) {
      text = JSON.stringify(names.map((name) => this.byName.get(name) ?? { name }));
      this.texts.set(key, text);
    }
    return text;
  }
}
