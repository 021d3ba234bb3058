// The feed answer's text: the same JSON as the whole answer serialised at once, with each item's
// text shared between the answers that hold the same item object.
import t from 'tap';
import { feedBody } from '../../../src/feed/feed-body.js';
import type { FeedItem } from '../../../src/schemas/agent.js';

const item = (name: string, extra: Record<string, unknown> = {}): FeedItem => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'default', labels: { 'a"b': 'é\u2028' }, generation: 2 },
  spec: { replicas: 3, note: undefined, list: [1, null, 'x'] },
  ...extra,
});

t.test('is what JSON.stringify writes of the answer, for shared and distinct items', async (t) => {
  const shared = item('web');
  for (const items of [[], [shared], [shared, item('api', { data: { k: 'v' } })], [shared, shared]]) {
    const text = feedBody('42', items);
    t.equal(text, JSON.stringify({ resourceVersion: '42', items }));
    t.same(JSON.parse(text), JSON.parse(JSON.stringify({ resourceVersion: '42', items })));
  }
});

t.test("an item's text is its text when first served: items are replaced, never changed in place", async (t) => {
  const shared = item('web');
  const first = feedBody('1', [shared]);
  const changed = { ...shared, spec: { replicas: 5 } };
  t.equal(feedBody('2', [shared]), first.replace('"1"', '"2"'));
  t.equal(feedBody('2', [changed]), JSON.stringify({ resourceVersion: '2', items: [changed] }));
});
