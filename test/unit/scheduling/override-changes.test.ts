// Applying an Override's changes: the image shortcut rewrites registry and tag of every container
// and initContainer image, replicas sets spec.replicas, JSON pointer operations follow RFC 6902,
// and Overrides apply in the order of their names, each whole or not at all.
import t from 'tap';
import { applyOperation, parsePointer } from '../../../src/lib/json-pointer.js';
import { applyChanges, rewriteImage } from '../../../src/scheduling/override-changes.js';
import { type OverrideRule, overridden, overrideRuleOf } from '../../../src/scheduling/override-rules.js';
import type { KubeObject } from '../../../src/schemas/meta.js';

const deployment = (): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
  spec: {
    replicas: 2,
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        initContainers: [{ name: 'init', image: 'busybox:1.36' }],
        containers: [
          { name: 'app', image: 'docker.io/library/nginx:1.25' },
          { name: 'side', image: 'localhost:5000/tools/side@sha256:abc' },
          { name: 'plain', image: 'web' },
        ],
      },
    },
  },
});
const images = (o: KubeObject) => {
  const spec = (o as any).spec.template.spec;
  return [...spec.initContainers, ...spec.containers].map((c: { image: string }) => c.image);
};

t.test('image: registry and tag of every container and initContainer', async (t) => {
  const registry = applyChanges(deployment(), [{ image: { registry: 'eu.gcr.io/mirror' } }]);
  t.same(
    images(registry),
    [
      'eu.gcr.io/mirror/busybox:1.36',
      'eu.gcr.io/mirror/library/nginx:1.25',
      'eu.gcr.io/mirror/tools/side@sha256:abc',
      'eu.gcr.io/mirror/web',
    ],
    'the registry replaces the one an image names, or goes in front of one without',
  );
  const tag = applyChanges(deployment(), [{ image: { tag: '2.0' } }]);
  t.same(
    images(tag),
    ['busybox:2.0', 'docker.io/library/nginx:2.0', 'localhost:5000/tools/side:2.0', 'web:2.0'],
    'the tag replaces the tag, and a digest',
  );
  t.same(images(deployment()), images(deployment()), 'the object given is left as it was');
  t.equal(rewriteImage('registry:5000/app:1', { registry: 'r.example', tag: '3' }), 'r.example/app:3');
  const cron = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'c', namespace: 'shop' },
    spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'a', image: 'a:1' }] } } } } },
  };
  t.same(
    (applyChanges(cron, [{ image: { tag: '2' } }]) as any).spec.jobTemplate.spec.template.spec.containers[0].image,
    'a:2',
    "a CronJob's pod template, under its job template",
  );
  const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } };
  t.throws(
    () => applyChanges(configMap, [{ image: { tag: '2' } }]),
    { name: 'ChangeError' },
    'a kind without a pod template refuses the image shortcut',
  );
});

t.test('replicas', async (t) => {
  t.equal((applyChanges(deployment(), [{ replicas: 5 }]) as any).spec.replicas, 5);
  t.throws(
    () =>
      applyChanges({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd' }, spec: {} }, [{ replicas: 1 }]),
    /DaemonSet has no spec.replicas/,
  );
});

t.test('JSON pointer operations', async (t) => {
  t.same(parsePointer('/a~1b/c~0d/0'), ['a/b', 'c~d', '0'], 'escapes are decoded');
  t.same(parsePointer(''), []);
  t.throws(() => parsePointer('spec/replicas'), { name: 'PointerError' }, 'a pointer starts with /');
  t.throws(() => parsePointer('/spec/~2'), { name: 'PointerError' }, '~ is followed by 0 or 1');
  const doc = { spec: { list: ['a', 'b'], map: { k: 'v' } } };
  applyOperation(doc, 'add', ['spec', 'list', '1'], 'x');
  applyOperation(doc, 'add', ['spec', 'list', '-'], 'z');
  t.same(doc.spec.list, ['a', 'x', 'b', 'z'], 'add inserts at an index and appends at -');
  applyOperation(doc, 'remove', ['spec', 'list', '0']);
  applyOperation(doc, 'replace', ['spec', 'map', 'k'], 'w');
  applyOperation(doc, 'add', ['spec', 'map', 'n'], { deep: true });
  t.same(doc.spec, { list: ['x', 'b', 'z'], map: { k: 'w', n: { deep: true } } });
  t.throws(
    () => applyOperation(doc, 'replace', ['spec', 'map', 'absent'], 1),
    /\/spec\/map\/absent does not exist/,
    'replace needs the member',
  );
  t.throws(() => applyOperation(doc, 'remove', ['spec', 'list', '3']), /out of range/, 'remove needs the index');
  t.throws(
    () => applyOperation(doc, 'add', ['spec', 'none', 'x'], 1),
    /\/spec\/none does not exist/,
    'add needs the parent',
  );
  t.throws(() => applyOperation(doc, 'add', ['spec', 'list', '7'], 1), /out of range/);
  const changed = applyChanges(deployment(), [
    { op: 'add', path: '/spec/template/spec/nodeSelector', value: { region: 'eu' } },
    { op: 'replace', path: '/spec/template/spec/containers/0/name', value: 'main' },
    { op: 'remove', path: '/spec/template/spec/initContainers' },
    { op: 'add', path: '/metadata/labels/region', value: 'eu' },
  ]) as any;
  t.same(changed.spec.template.spec.nodeSelector, { region: 'eu' });
  t.equal(changed.spec.template.spec.containers[0].name, 'main');
  t.notOk('initContainers' in changed.spec.template.spec);
  t.same(changed.metadata.labels, { app: 'web', region: 'eu' });
  for (const path of ['/metadata/name', '/kind', '/status/replicas', '']) {
    t.throws(
      () => applyChanges(deployment(), [{ op: 'add', path, value: 'x' }]),
      { name: 'ChangeError' },
      `${path || 'root'} is refused`,
    );
  }
  t.throws(
    () => applyChanges(deployment(), [{ replicas: 1 }, { op: 'remove', path: '/spec/nope' }]),
    { name: 'ChangeError', index: 1, field: 'path' } as never,
    'the error names the change that failed',
  );
});

const rule = (name: string, changes: any[], targetSelector: any = {}): OverrideRule =>
  overrideRuleOf({
    apiVersion: 'scheduling.kcp.io/v1alpha1',
    kind: 'Override',
    metadata: { name, namespace: 'shop' },
    spec: {
      resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', names: ['web'] }],
      targetSelector,
      changes,
    },
  } as KubeObject);

t.test('Overrides apply in the order of their names, each whole or not at all', async (t) => {
  const rules = [
    rule('b-tag', [{ image: { tag: 'b' } }]),
    rule('a-tag', [{ image: { tag: 'a' } }, { replicas: 3 }]),
    rule('c-broken', [{ replicas: 9 }, { op: 'remove', path: '/spec/absent' }]),
    rule('d-eu-only', [{ replicas: 7 }], { matchLabels: { region: 'eu' } }),
  ];
  const us = overridden(deployment(), deployment(), rules, { region: 'us' });
  t.same(us.applied, ['a-tag', 'b-tag'], 'by name, not by the order given; targetSelector decides');
  t.equal((us.object as any).spec.replicas, 3, 'the broken one left nothing behind');
  t.same(images(us.object).slice(0, 1), ['busybox:b'], 'the later name wins');
  t.match(us.failed, [{ name: 'c-broken', message: /spec.changes\[1\]: \/spec\/absent does not exist/ }]);
  const eu = overridden(deployment(), deployment(), rules, { region: 'eu' });
  t.same(eu.applied, ['a-tag', 'b-tag', 'd-eu-only']);
  t.equal((eu.object as any).spec.replicas, 7);
  const other = { ...deployment(), metadata: { name: 'api', namespace: 'shop' } };
  t.same(overridden(other, other, rules, { region: 'eu' }).applied, [], 'an object not selected is left alone');
});
