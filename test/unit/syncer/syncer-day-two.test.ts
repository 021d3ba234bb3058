// Day two as pure functions: JSON pointers and the retain rules (built in, ignoreFields, what an
// HPA scales).
import t from 'tap';
import type { KubeObject } from '../../../src/schemas/meta.js';
import { getPointer, setPointer } from '../../../src/lib/json-pointer.js';
import { builtinRetained, retainFields, scales } from '../../../src/syncer/reconcile/retain.js';

const deployment = (replicas: number | undefined, image: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { ...(replicas === undefined ? {} : { replicas }), template: { spec: { containers: [{ name: 'c', image }] } } },
});

t.test('JSON pointers read and write copies, never invent array elements or touch __proto__', async (t) => {
  const doc = { a: { 'b/c': [1, { d: 2 }], 'e~f': 3 } };
  t.equal(getPointer(doc, '/a/b~1c/1/d'), 2);
  t.equal(getPointer(doc, '/a/e~0f'), 3);
  t.equal(getPointer(doc, '/a/missing/x'), undefined);
  t.same(setPointer(doc, '/a/b~1c/1/d', 5), { a: { 'b/c': [1, { d: 5 }], 'e~f': 3 } });
  t.same(doc.a['b/c'][1], { d: 2 }, 'the original is unchanged');
  t.same(setPointer({}, '/x/y', 1), { x: { y: 1 } }, 'missing objects are created');
  t.equal(setPointer(doc, '/a/b~1c/7', 1), undefined, 'no element past the end');
  t.equal(setPointer(doc, '/a/e~0f/g', 1), undefined, 'not through a scalar');
  t.equal(setPointer({}, '/__proto__/polluted', 1), undefined);
});

t.test('an autoscaled Deployment keeps its downstream replicas; the image is still the desired one', async (t) => {
  const current = deployment(5, 'old');
  const kept = retainFields(deployment(2, 'new'), { current, autoscaled: true, ignoreFields: [] });
  t.same(kept.retained, ['/spec/replicas']);
  t.equal(getPointer(kept.manifest, '/spec/replicas'), 5);
  t.equal(getPointer(kept.manifest, '/spec/template/spec/containers/0/image'), 'new');
  const unset = retainFields(deployment(undefined, 'new'), { current, autoscaled: true, ignoreFields: [] });
  t.equal(getPointer(unset.manifest, '/spec/replicas'), 5, 'also when the user gave no replicas');
  t.same(
    retainFields(deployment(2, 'new'), { current, autoscaled: false, ignoreFields: [] }).retained,
    [],
    'not autoscaled: nothing kept',
  );
});

t.test('built-in rules per kind', async (t) => {
  const service: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {},
    spec: { ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }] },
  };
  const ports = [
    { port: 80, protocol: 'TCP', nodePort: 30080 },
    { port: 54, protocol: 'UDP', nodePort: 30054 },
  ];
  const there = { ...service, spec: { clusterIP: '10.0.0.1', clusterIPs: ['10.0.0.1'], ports } };
  const kept = retainFields(service, { current: there, autoscaled: false, ignoreFields: [] });
  t.same(
    kept.retained,
    ['/spec/clusterIP', '/spec/clusterIPs', '/spec/ports/0/nodePort'],
    'a port that is not the same keeps nothing',
  );
  t.same(getPointer(kept.manifest, '/spec/ports'), [
    { port: 80, nodePort: 30080 },
    { port: 53, protocol: 'UDP' },
  ]);
  const kinds = (apiVersion: string, kind: string) =>
    builtinRetained({ apiVersion, kind, metadata: {} }, { apiVersion, kind, metadata: {} }, true);
  t.same(kinds('v1', 'ServiceAccount'), ['/secrets']);
  t.same(kinds('v1', 'PersistentVolumeClaim'), ['/spec/volumeName']);
  t.same(kinds('batch/v1', 'Job'), ['/spec/selector', '/spec/template/metadata/labels']);
  t.same(kinds('apps/v1', 'StatefulSet'), ['/spec/replicas']);
  t.same(kinds('v1', 'ConfigMap'), []);
  t.same(kinds('example.com/v1', 'Deployment'), [], 'the group counts, not only the kind');
});

t.test(
  'ignoreFields: Always keeps the downstream value; OnDownstreamChange gives way to an upstream change',
  async (t) => {
    const current = { apiVersion: 'v1', kind: 'ConfigMap', metadata: {}, data: { color: 'red', size: 'L' } };
    const desired = (color: string) => ({ ...current, data: { color, size: 'M' } });
    const always = retainFields(desired('blue'), {
      current,
      autoscaled: false,
      ignoreFields: [{ path: '/data/color' }],
    });
    t.same(always.manifest.data, { color: 'red', size: 'M' });
    const onChange = [{ path: '/data/color', when: 'OnDownstreamChange' as const }];
    const sameUpstream = retainFields(desired('blue'), {
      current,
      autoscaled: false,
      ignoreFields: onChange,
      previous: desired('blue'),
    });
    t.same(sameUpstream.manifest.data, { color: 'red', size: 'M' }, 'the downstream change stays');
    const changedUpstream = retainFields(desired('green'), {
      current,
      autoscaled: false,
      ignoreFields: onChange,
      previous: desired('blue'),
    });
    t.same(changedUpstream.manifest.data, { color: 'green', size: 'M' }, 'the new upstream value wins');
    t.same(changedUpstream.retained, []);
    const marks = retainFields(desired('blue'), {
      current: { ...current, metadata: { labels: { 'workload.kcp.io/sync-target': 'x', app: 'a' } } },
      autoscaled: false,
      ignoreFields: [
        { path: '/metadata/labels/workload.kcp.io~1sync-target' },
        { path: '/metadata/labels/app' },
        { path: '/metadata/name' },
      ],
    });
    t.same(marks.retained, ['/metadata/labels/app'], 'never the ownership marks or the name');
  },
);

t.test('an HPA scales its target by kind, name and group', async (t) => {
  const hpa = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: {},
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' } },
  };
  t.ok(scales(hpa, 'apps/v1', 'Deployment', 'web'));
  t.notOk(scales(hpa, 'apps/v1', 'Deployment', 'api'));
  t.notOk(scales(hpa, 'apps/v1', 'StatefulSet', 'web'));
});
