// The feed answer is checked before it may change the desired state, and only a valid answer
// changes it: the guard against reading an outage or a broken answer as "delete everything".
import t from 'tap';
import { DesiredState } from '../../src/syncer/desired-state.js';
import { GarbageAnswerError, parseFeedAnswer, type FeedItem } from '../../src/syncer/feed-answer.js';

const item = (name: string, generation = 1, spec: Record<string, unknown> = { replicas: 1 }, namespace = 'shop'): FeedItem => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace, generation },
  spec,
});

t.test('a well-formed answer parses', async (t) => {
  const answer = parseFeedAnswer({ resourceVersion: '42', items: [item('web'), item('api')] });
  t.equal(answer.resourceVersion, '42');
  t.same(answer.items.map((i) => i.metadata.name), ['web', 'api']);
  t.same(parseFeedAnswer({ resourceVersion: '7', items: [] }).items, [], 'an empty set is a valid answer');
});

t.test('anything malformed is garbage, never an empty set', async (t) => {
  const bad: [string, unknown][] = [
    ['null body', null],
    ['a string', 'oops'],
    ['an HTML page', '<html>502 Bad Gateway</html>'],
    ['no items', { resourceVersion: '1' }],
    ['items not a list', { resourceVersion: '1', items: {} }],
    ['no resourceVersion', { items: [] }],
    ['resourceVersion not digits', { resourceVersion: 'abc', items: [] }],
    ['wrong kind', { resourceVersion: '1', items: [{ ...item('web'), kind: 'Pod' }] }],
    ['no namespace', { resourceVersion: '1', items: [{ ...item('web'), metadata: { name: 'web', generation: 1 } }] }],
    ['a path in the name', { resourceVersion: '1', items: [item('../../nodes')] }],
    ['an upper-case namespace', { resourceVersion: '1', items: [item('web', 1, {}, 'Shop')] }],
    ['no generation', { resourceVersion: '1', items: [{ ...item('web'), metadata: { name: 'web', namespace: 'shop' } }] }],
    ['a label that is not a string', { resourceVersion: '1', items: [{ ...item('web'), metadata: { ...item('web').metadata, labels: { a: 1 } } }] }],
    ['no spec', { resourceVersion: '1', items: [{ ...item('web'), spec: null }] }],
    ['a duplicate', { resourceVersion: '1', items: [item('web'), item('web')] }],
  ];
  for (const [what, body] of bad) t.throws(() => parseFeedAnswer(body), GarbageAnswerError, what);
});

t.test('the desired state is not authoritative until the first answer', async (t) => {
  const desired = new DesiredState('edge-1');
  t.equal(desired.authoritative, false);
  t.same(desired.replace({ resourceVersion: '3', items: [] }), []);
  t.equal(desired.authoritative, true, 'an empty first answer is still an answer');
  t.equal(desired.resourceVersion, '3');
});

t.test('replace reports added, changed and removed keys only', async (t) => {
  const desired = new DesiredState('edge-1');
  t.same(desired.replace({ resourceVersion: '1', items: [item('web'), item('api')] }).sort(), ['shop/api', 'shop/web']);
  t.same(desired.replace({ resourceVersion: '2', items: [item('web'), item('api')] }), [], 'the same set changes nothing');
  const changed = desired.replace({ resourceVersion: '3', items: [item('web', 2, { replicas: 3 }), item('db')] });
  t.same(changed.sort(), ['shop/api', 'shop/db', 'shop/web']);
  t.same(desired.keys().sort(), ['shop/db', 'shop/web']);
  t.equal(desired.get('shop/web')?.manifest.spec?.replicas, 3);
  const labelsOnly = { ...item('db'), metadata: { ...item('db').metadata, labels: { tier: 'data' } } };
  t.same(desired.replace({ resourceVersion: '4', items: [item('web', 2, { replicas: 3 }), labelsOnly] }), ['shop/db'], 'a label change upstream is a change');
});
