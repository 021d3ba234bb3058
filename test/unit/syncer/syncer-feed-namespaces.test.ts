// The namespaces of a feed answer, with the labels and annotations the agent applies downstream:
// absent from a server before them, and checked like items (a DNS-1123 label each, string maps,
// each once), since a name goes into the URL of the apply and a bad one spoils the whole answer.
import t from 'tap';
import { GarbageAnswerError, parseFeedAnswer } from '../../../src/syncer/upstream/feed-answer.js';

const answer = (namespaces: unknown) => ({ resourceVersion: '3', items: [], namespaces });

t.test('namespaces parse with their labels and annotations, and may be absent', async (t) => {
  const labels = { 'pod-security.kubernetes.io/enforce': 'restricted' };
  const parsed = parseFeedAnswer(answer([{ name: 'shop', labels, annotations: { a: 'b' } }, { name: 'plain' }]));
  t.same(parsed.namespaces, [{ name: 'shop', labels, annotations: { a: 'b' } }, { name: 'plain' }]);
  t.equal(parseFeedAnswer({ resourceVersion: '3', items: [] }).namespaces, undefined, 'a server from before');
  const extra = parseFeedAnswer(answer([{ name: 'shop', spec: { finalizers: [] } }]));
  t.same(extra.namespaces, [{ name: 'shop' }], 'only the name, labels and annotations are taken');
});

t.test('a malformed namespace spoils the answer', async (t) => {
  const bad: [string, unknown][] = [
    ['not a list', { shop: {} }],
    ['not an object', ['shop']],
    ['no name', [{ labels: {} }]],
    ['a path for a name', [{ name: '../secrets' }]],
    ['a name too long for a label', [{ name: 'x'.repeat(64) }]],
    ['labels that are not strings', [{ name: 'shop', labels: { a: 1 } }]],
    ['annotations that are not a map', [{ name: 'shop', annotations: ['a'] }]],
    ['the same namespace twice', [{ name: 'shop' }, { name: 'shop', labels: { a: 'b' } }]],
  ];
  for (const [what, namespaces] of bad) t.throws(() => parseFeedAnswer(answer(namespaces)), GarbageAnswerError, what);
});
