// What the control plane last said should run here. It changes only on a valid 200 feed
// answer; errors leave it as it was. Until the first such answer it is not authoritative:
// the agent applies nothing and, above all, prunes nothing it merely has not heard about yet.
import { manifestHash } from './drift.js';
import type { FeedAnswer, FeedItem } from '../upstream/feed-answer.js';
import { groupKind, isDefinition } from '../../schemas/apply-order.js';
import { desiredObject } from '../downstream/ownership.js';
import type { KubeObject } from '../../schemas/meta.js';
import { keyOf } from '../types.js';
import { definedKind } from './defined-kind.js';

export interface Desired {
  item: FeedItem;
  /** What the agent applies: the item with its ownership marks. */
  manifest: KubeObject;
  hash: string;
}

export class DesiredState {
  private entries = new Map<string, Desired>();
  /** The CustomResourceDefinitions among them, by the kind each defines ("Widget.example.com"). */
  private definitions = new Map<string, Desired>();
  private known = false;
  private version?: string;

  constructor(private readonly target: string) {}

  /** True once a feed answer has arrived: only then may an owned object missing from it be pruned. */
  get authoritative(): boolean {
    return this.known;
  }

  get resourceVersion(): string | undefined {
    return this.version;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): Desired | undefined {
    return this.entries.get(key);
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }

  /** The desired definition of a kind ("Widget.example.com"), when the feed carries one. */
  definitionOf(kind: string): Desired | undefined {
    return this.definitions.get(kind);
  }

  /** Takes a feed answer; returns the keys that were added, changed or removed. */
  replace(answer: FeedAnswer): string[] {
    const next = new Map<string, Desired>();
    const definitions = new Map<string, Desired>();
    const changed: string[] = [];
    for (const item of answer.items) {
      const key = keyOf(groupKind(item.apiVersion, item.kind), item.metadata.namespace, item.metadata.name);
      const manifest = desiredObject(item, this.target);
      // The policy is not applied, but a change of it must reach the object (DetectOnly back to
      // Correct corrects it): it joins the hash, which stays the manifest's alone without one.
      const { syncPolicy } = item.metadata;
      const hash = syncPolicy ? manifestHash({ ...manifest, syncPolicy } as KubeObject) : manifestHash(manifest);
      const desired = { item, manifest, hash };
      next.set(key, desired);
      const defined = isDefinition(item.apiVersion, item.kind) ? definedKind(item) : undefined;
      if (defined) definitions.set(defined.groupKind, desired);
      if (this.entries.get(key)?.hash !== desired.hash) changed.push(key);
    }
    for (const key of this.entries.keys()) if (!next.has(key)) changed.push(key);
    this.entries = next;
    this.definitions = definitions;
    this.known = true;
    this.version = answer.resourceVersion;
    return changed;
  }
}
