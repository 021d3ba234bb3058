// The text of a feed answer. When a change reaches thousands of targets, most of them are served
// the same item objects (no Override, share or policy of their own there): each such item is
// serialised once and its text shared by every answer that holds it, so answering N waiting
// feeds costs N small concatenations, not N serialisations of the same objects.
import type { FeedItem } from '../schemas/agent.js';

const texts = new WeakMap<FeedItem, string>();

function textOf(item: FeedItem): string {
  let text = texts.get(item);
  if (text === undefined) texts.set(item, (text = JSON.stringify(item)));
  return text;
}

/** The JSON of `{ resourceVersion, items, namespaces }`, as JSON.stringify writes it (`namespaces`: its JSON). */
export function feedBody(resourceVersion: string, items: readonly FeedItem[], namespaces?: string): string {
  const listed = namespaces ? `,"namespaces":${namespaces}` : '';
  return `{"resourceVersion":${JSON.stringify(resourceVersion)},"items":[${items.map(textOf).join(',')}]${listed}}`;
}
