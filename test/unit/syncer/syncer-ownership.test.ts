// What the agent applies and what it counts as its own: the marks on every object it writes,
// and the rule that an object without them is never its to touch.
import t from 'tap';
import type { FeedItem } from '../../../src/syncer/upstream/feed-answer.js';
import {
  appliedGeneration,
  desiredObject,
  isOwned,
  notOwnedMessage,
  ownedSelector,
  SYNC_TARGET_LABEL,
  targetLabelValue,
} from '../../../src/syncer/downstream/ownership.js';

// Downstream objects as the API server sends them: typed, whatever else they lack.
const DEPLOYMENT = { apiVersion: 'apps/v1', kind: 'Deployment' };
const CONFIG_MAP = { apiVersion: 'v1', kind: 'ConfigMap' };

const item: FeedItem = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'web',
    namespace: 'shop',
    generation: 4,
    labels: { app: 'web', [SYNC_TARGET_LABEL]: 'forged' },
    annotations: { note: 'x' },
  },
  spec: { replicas: 2 },
};

t.test('the applied object carries the user labels and annotations plus the ownership marks', async (t) => {
  const object = desiredObject(item, 'edge-1');
  t.same(
    object.metadata.labels,
    { app: 'web', [SYNC_TARGET_LABEL]: 'edge-1' },
    'the agent label wins over one the user set',
  );
  t.same(object.metadata.annotations, {
    note: 'x',
    'workload.kcp.io/sync-target': 'edge-1',
    'workload.kcp.io/upstream-namespace': 'shop',
    'workload.kcp.io/upstream-name': 'web',
    'workload.kcp.io/upstream-generation': '4',
  });
  t.same(object.spec, { replicas: 2 });
  t.equal(appliedGeneration(object), 4);
  t.ok(isOwned(object, 'edge-1'));
});

t.test('ownership needs the annotations naming this target and this very object', async (t) => {
  const mine = desiredObject(item, 'edge-1');
  t.notOk(isOwned(mine, 'edge-2'), "another target's object");
  const plain = { ...DEPLOYMENT, metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } } };
  t.notOk(isOwned(plain, 'edge-1'), 'a plain kubectl-made object');
  t.notOk(
    isOwned({ ...mine, metadata: { ...mine.metadata, name: 'copy' } }, 'edge-1'),
    'marks copied onto another object',
  );
  const unlabelled = { ...mine, metadata: { ...mine.metadata, labels: {} } };
  t.ok(isOwned(unlabelled, 'edge-1'), 'losing the label does not lose ownership: the next apply restores it');
});

t.test('the message for a foreign object says whose it is and what to do', async (t) => {
  const foreign = { ...DEPLOYMENT, metadata: { name: 'web', namespace: 'shop' } };
  t.match(
    notOwnedMessage(foreign, 'edge-1'),
    /already exists in namespace "shop".*not managed by tmc-syncer.*delete or rename it/,
  );
  const other = desiredObject(item, 'edge-2');
  t.match(notOwnedMessage(other, 'edge-1'), /belongs to sync target "edge-2"/);
});

t.test('label values stay valid for target names longer than 63 characters', async (t) => {
  t.equal(targetLabelValue('edge-1'), 'edge-1');
  const long = `${'a'.repeat(49)}.${'b'.repeat(100)}`;
  const value = targetLabelValue(long);
  t.ok(value.length <= 63, `${value.length} characters`);
  t.match(value, /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
  t.not(targetLabelValue(`${long}x`), value, 'two long names that share a prefix get different values');
  t.equal(ownedSelector('edge-1'), `${SYNC_TARGET_LABEL}=edge-1`);
});

t.test('appliedGeneration ignores an annotation that is not a generation', async (t) => {
  const annotations = { 'workload.kcp.io/upstream-generation': 'two' };
  t.equal(appliedGeneration({ ...DEPLOYMENT, metadata: { name: 'x', annotations } }), undefined);
  t.equal(appliedGeneration({ ...DEPLOYMENT, metadata: { name: 'x' } }), undefined);
});

t.test("any kind keeps its own fields; a Secret's stringData is folded into data as downstream", async (t) => {
  const role: FeedItem = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'reader', namespace: 'shop', generation: 1 },
    rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
    status: { forged: true },
  };
  const object = desiredObject(role, 'edge-1');
  t.equal(object.kind, 'Role');
  t.same(object.rules, role.rules);
  t.notOk('status' in object, 'a status is never applied');
  const secret: FeedItem = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's', namespace: 'shop', generation: 1 },
    type: 'Opaque',
    data: { a: Buffer.from('old').toString('base64'), b: 'Yg==' },
    stringData: { a: 'new' },
  };
  const applied = desiredObject(secret, 'edge-1');
  const newValue = Buffer.from('new').toString('base64');
  t.same(applied.data, { a: newValue, b: 'Yg==' }, 'stringData wins over data, as downstream');
  t.notOk('stringData' in applied);
  t.equal(applied.type, 'Opaque');
});

t.test('the message for a foreign object of another kind names that kind', async (t) => {
  const names = { resource: 'configmaps', kind: 'ConfigMap' };
  const message = notOwnedMessage({ ...CONFIG_MAP, metadata: { name: 'cfg', namespace: 'shop' } }, 'edge-1', names);
  t.match(message, /^configmaps "cfg" already exists in namespace "shop".*stop placing this ConfigMap/);
});

t.test('a cluster-scoped definition: no namespace downstream, upstream namespace annotation empty', async (t) => {
  const definition: FeedItem = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com', namespace: '', generation: 1 },
    spec: { group: 'example.com' },
  };
  const applied = desiredObject(definition, 'edge-1');
  t.notOk('namespace' in applied.metadata);
  t.equal(applied.metadata.annotations?.['workload.kcp.io/upstream-namespace'], '');
  // As the API server returns it: no namespace field at all.
  const downstream = { ...applied, metadata: { ...applied.metadata, uid: 'u-1', resourceVersion: '5' } };
  t.ok(isOwned(downstream, 'edge-1'), "the agent's own definition");
  t.notOk(isOwned({ ...downstream, metadata: { ...downstream.metadata, namespace: 'shop' } }, 'edge-1'));
  const names = { resource: 'customresourcedefinitions.apiextensions.k8s.io', kind: 'CustomResourceDefinition' };
  const foreign = { ...definition, metadata: { name: 'widgets.example.com' } };
  t.match(
    notOwnedMessage(foreign, 'edge-1', names),
    /^customresourcedefinitions.apiextensions.k8s.io "widgets.example.com" already exists in the downstream cluster/,
  );
});
