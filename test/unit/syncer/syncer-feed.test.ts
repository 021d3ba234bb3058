// The feed answer is checked before it may change the desired state, and only a valid answer
// changes it: the guard against reading an outage or a broken answer as "delete everything".
import t from 'tap';
import { DesiredState } from '../../../src/syncer/reconcile/desired-state.js';
import { GarbageAnswerError, parseFeedAnswer, type FeedItem } from '../../../src/syncer/upstream/feed-answer.js';

const item = (
  name: string,
  generation = 1,
  spec: Record<string, unknown> = { replicas: 1 },
  namespace = 'shop',
): FeedItem => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace, generation },
  spec,
});

t.test('a well-formed answer parses', async (t) => {
  const answer = parseFeedAnswer({ resourceVersion: '42', items: [item('web'), item('api')] });
  t.equal(answer.resourceVersion, '42');
  t.same(
    answer.items.map((i) => i.metadata.name),
    ['web', 'api'],
  );
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
    ['a kind that is no kind', { resourceVersion: '1', items: [{ ...item('web'), kind: '../pods' }] }],
    ['an apiVersion that is a path', { resourceVersion: '1', items: [{ ...item('web'), apiVersion: 'apps/../v1' }] }],
    ['no namespace', { resourceVersion: '1', items: [{ ...item('web'), metadata: { name: 'web', generation: 1 } }] }],
    ['a path in the name', { resourceVersion: '1', items: [item('../../nodes')] }],
    ['an upper-case namespace', { resourceVersion: '1', items: [item('web', 1, {}, 'Shop')] }],
    [
      'no generation',
      { resourceVersion: '1', items: [{ ...item('web'), metadata: { name: 'web', namespace: 'shop' } }] },
    ],
    [
      'a label that is not a string',
      { resourceVersion: '1', items: [{ ...item('web'), metadata: { ...item('web').metadata, labels: { a: 1 } } }] },
    ],
    ['a Deployment without spec', { resourceVersion: '1', items: [{ ...item('web'), spec: null }] }],
    [
      'a spec that is a list',
      { resourceVersion: '1', items: [{ ...item('web'), kind: 'Service', apiVersion: 'v1', spec: [] }] },
    ],
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
  t.same(desired.replace({ resourceVersion: '1', items: [item('web'), item('api')] }).sort(), [
    'Deployment.apps/shop/api',
    'Deployment.apps/shop/web',
  ]);
  t.same(
    desired.replace({ resourceVersion: '2', items: [item('web'), item('api')] }),
    [],
    'the same set changes nothing',
  );
  const changed = desired.replace({ resourceVersion: '3', items: [item('web', 2, { replicas: 3 }), item('db')] });
  t.same(changed.sort(), ['Deployment.apps/shop/api', 'Deployment.apps/shop/db', 'Deployment.apps/shop/web']);
  t.same(desired.keys().sort(), ['Deployment.apps/shop/db', 'Deployment.apps/shop/web']);
  t.match(desired.get('Deployment.apps/shop/web')?.manifest.spec, { replicas: 3 });
  const labelsOnly = { ...item('db'), metadata: { ...item('db').metadata, labels: { tier: 'data' } } };
  t.same(
    desired.replace({ resourceVersion: '4', items: [item('web', 2, { replicas: 3 }), labelsOnly] }),
    ['Deployment.apps/shop/db'],
    'a label change upstream is a change',
  );
});

t.test('items of any kind are accepted and keyed by kind: one name may be a ConfigMap and a Deployment', async (t) => {
  const meta = (name: string, generation = 1) => ({ name, namespace: 'shop', generation });
  const config: FeedItem = { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('web'), data: { a: '1' } };
  const hpa: FeedItem = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: meta('web', 2),
    spec: { maxReplicas: 3 },
  };
  const widget: FeedItem = { apiVersion: 'example.com/v1beta1', kind: 'Widget', metadata: meta('w'), spec: {} };
  const answer = parseFeedAnswer({ resourceVersion: '5', items: [item('web'), config, hpa, widget] });
  t.equal(answer.items.length, 4);
  const twice = { resourceVersion: '5', items: [config, config] };
  t.throws(() => parseFeedAnswer(twice), GarbageAnswerError, 'the same kind and name twice');
  const desired = new DesiredState('edge-1');
  t.same(desired.replace(answer).sort(), [
    'ConfigMap/shop/web',
    'Deployment.apps/shop/web',
    'HorizontalPodAutoscaler.autoscaling/shop/web',
    'Widget.example.com/shop/w',
  ]);
  t.same(desired.get('ConfigMap/shop/web')?.manifest.data, { a: '1' }, "a ConfigMap's data is applied as given");
});

t.test("a CustomResourceDefinition is cluster-scoped: namespace '' for it, and for nothing else", async (t) => {
  const definition: FeedItem = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com', namespace: '', generation: 2 },
    spec: {
      group: 'example.com',
      names: { kind: 'Widget', plural: 'widgets' },
      scope: 'Namespaced',
      versions: [{ name: 'v1', served: true, storage: true }],
    },
  };
  const widget: FeedItem = {
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 'w', namespace: 'shop', generation: 1 },
    spec: { size: 3 },
  };
  const answer = parseFeedAnswer({ resourceVersion: '9', items: [definition, widget] });
  t.equal(answer.items.length, 2);
  const bad: [string, FeedItem][] = [
    ["a namespaced kind with namespace ''", { ...widget, metadata: { ...widget.metadata, namespace: '' } }],
    ['a definition in a namespace', { ...definition, metadata: { ...definition.metadata, namespace: 'shop' } }],
    ["a CustomResourceDefinition of another group with namespace ''", { ...definition, apiVersion: 'example.com/v1' }],
  ];
  for (const [what, item] of bad) {
    t.throws(
      () => parseFeedAnswer({ resourceVersion: '9', items: [item] }),
      { name: 'GarbageAnswerError', message: /item 0 of the feed answer has no valid metadata.namespace/ },
      what,
    );
  }
  const desired = new DesiredState('edge-1');
  t.same(desired.replace(answer).sort(), [
    'CustomResourceDefinition.apiextensions.k8s.io//widgets.example.com',
    'Widget.example.com/shop/w',
  ]);
  const manifest = desired.get('CustomResourceDefinition.apiextensions.k8s.io//widgets.example.com')!.manifest;
  t.notOk('namespace' in manifest.metadata, 'applied without a namespace, as kubectl sends a cluster-scoped object');
  t.equal(manifest.metadata.annotations?.['workload.kcp.io/upstream-namespace'], '');
  t.equal(desired.definitionOf('Widget.example.com')?.item, definition, 'the desired definition of a kind');
  t.equal(desired.definitionOf('Gadget.example.com'), undefined);
  desired.replace({ resourceVersion: '10', items: [widget] });
  t.equal(desired.definitionOf('Widget.example.com'), undefined, 'gone with the next answer');
});
