// Which targets a change moved: those where an object's view now differs, or came or went.
import { jsonEqual } from '../lib/merge-patch.js';
import type { FeedItem } from '../schemas/agent.js';

/** Per key, the views on each target before and after a change; the targets whose feed differs. */
export function movedTargets(before: Map<string, FeedItem>[], after: Map<string, FeedItem>[]): Set<string> {
  const moved = new Set<string>();
  // Most targets share one unchanged item: each pair of items is compared once.
  const compared = new Map<FeedItem, Map<FeedItem, boolean>>();
  const same = (a: FeedItem, b: FeedItem): boolean => {
    let row = compared.get(a);
    if (!row) compared.set(a, (row = new Map()));
    if (!row.has(b)) row.set(b, jsonEqual(a, b));
    return row.get(b)!;
  };
  before.forEach((was, i) => {
    const now = after[i]!;
    for (const [target, item] of was) {
      const is = now.get(target);
      if (!is || !same(item, is)) moved.add(target);
    }
    for (const target of now.keys()) if (!was.has(target)) moved.add(target);
  });
  return moved;
}
