// The CustomResourceDefinitions that go with a target's custom resources: a custom resource can
// only be applied where its kind is defined, so each target whose feed holds objects of a custom
// kind gets that kind's definition too, first in apply order. The definition is kept downstream
// when its last object leaves (deletionPolicy Orphan): deleting a definition deletes every object
// of its kind in that cluster, tmc's or not, as Helm leaves the CRDs it installed.
import { jsonEqual } from '../lib/merge-patch.js';
import type { FeedItem } from '../schemas/agent.js';
import { CRD_KIND, type CustomResourceDefinition } from '../schemas/crd.js';
import { kindEntry } from '../schemas/kinds.js';
import type { KubeObject } from '../schemas/meta.js';
import { feedItemOf } from './feed-item.js';

const definitionItem = (crd: KubeObject): FeedItem => {
  const item = feedItemOf(crd);
  return { ...item, metadata: { ...item.metadata, syncPolicy: { deletionPolicy: 'Orphan' } } };
};

const kindOf = (crd: KubeObject): string => (crd as unknown as CustomResourceDefinition).spec.names.kind;

export class FeedDefinitions {
  /** By the kind each defines. */
  private readonly items = new Map<string, FeedItem>();

  /**
   * Takes in a definition's change; returns the kind whose feed item changed (its spec, labels
   * or annotations: not the status tmc writes), or undefined when none did.
   */
  take(object: KubeObject, gone: boolean): string | undefined {
    const kind = kindOf(object);
    const before = this.items.get(kind);
    if (gone) {
      this.items.delete(kind);
      return before ? kind : undefined;
    }
    const after = definitionItem(object);
    this.items.set(kind, after);
    return before && jsonEqual(before, after) ? undefined : kind;
  }

  /** Every kind tmc does not serve itself is a custom resource's (no definition may take a built-in kind). */
  isCustom(kind: string): boolean {
    return kind !== CRD_KIND && kindEntry(kind) === undefined;
  }

  /** The definitions of the custom kinds among `items`, by name, followed by the items. */
  withDefinitions(items: FeedItem[]): FeedItem[] {
    const kinds = new Set(items.flatMap((item) => (this.isCustom(item.kind) ? [item.kind] : [])));
    if (kinds.size === 0) return items;
    const definitions = [...kinds].flatMap((kind) => this.items.get(kind) ?? []);
    definitions.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    return [...definitions, ...items];
  }
}
