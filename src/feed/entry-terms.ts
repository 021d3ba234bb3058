// What an object's status entry for a target adds to its feed item there: the day-two policy of
// the Placements that put it there (metadata.syncPolicy) and, when a Placement divides its
// replicas, that target's share (spec.replicas). Kept per placed object; most have neither.
import type { FeedItem } from '../schemas/agent.js';
import type { SyncTargetEntry } from '../schemas/deployment.js';
import type { SyncPolicy } from '../schemas/sync-policy.js';
import { sharesOfEntries, withShare } from './replica-share.js';

export class EntryTerms {
  /** Per placed object, the day-two policy of each target that has one. */
  private readonly policies = new Map<string, Map<string, SyncPolicy>>();
  /** Per placed object whose replicas a Placement divides, each target's share. */
  private readonly shares = new Map<string, Map<string, number>>();

  /** Takes in the entries of the object at `key` (none once it is gone). */
  take(key: string, entries: readonly SyncTargetEntry[]): void {
    const policies = new Map(entries.flatMap((e) => (e.policy ? [[e.name, e.policy] as const] : [])));
    if (policies.size > 0) this.policies.set(key, policies);
    else this.policies.delete(key);
    const shares = sharesOfEntries(entries);
    if (shares) this.shares.set(key, shares);
    else this.shares.delete(key);
  }

  /** The item as the object's entry for `target` makes it there: its share, then its policy. */
  apply(key: string, target: string, item: FeedItem): FeedItem {
    const shared = withShare(item, this.shares.get(key)?.get(target));
    const syncPolicy = this.policies.get(key)?.get(target);
    return syncPolicy ? { ...shared, metadata: { ...shared.metadata, syncPolicy } } : shared;
  }
}
