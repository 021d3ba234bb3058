// What `tmc adopt` writes for objects read from a cluster: the cluster's own fields gone, the
// owner's (and the defaults) kept; objects other controllers make are not offered; the Placement
// names the objects by kind and merges into an existing one.
import t from 'tap';
import { adoptable, notAdoptable } from '../../../src/cli/adopt-clean.js';
import { mergedSpec, newPlacement, placementName, selectorsFor } from '../../../src/cli/adopt-placement.js';
import { wantedOf } from '../../../src/cli/adopt-read.js';
import { kindByName } from '../../../src/cli/kinds.js';
import type { KubeObject } from '../../../src/schemas/meta.js';

const served = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'web',
    namespace: 'shop',
    uid: 'u-1',
    resourceVersion: '42',
    generation: 3,
    creationTimestamp: '2026-01-01T00:00:00Z',
    managedFields: [{ manager: 'kubectl' }],
    labels: { app: 'web' },
    annotations: {
      'deployment.kubernetes.io/revision': '1',
      'kubectl.kubernetes.io/last-applied-configuration': '{"the":"old object"}',
      team: 'shop',
    },
  },
  spec: {
    replicas: 2,
    progressDeadlineSeconds: 600,
    template: { spec: { containers: [{ name: 'main', image: 'web:1', imagePullPolicy: 'IfNotPresent' }] } },
  },
  status: { replicas: 2 },
} as unknown as KubeObject;

t.test('a Deployment keeps its spec with the defaults, loses what the cluster set', async (t) => {
  t.same(adoptable(served), {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' }, annotations: { team: 'shop' } },
    spec: served.spec,
  });
});

t.test("allocated addresses, bound volumes, Job selectors and token Secrets are the cluster's", async (t) => {
  const service = adoptable({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'front', namespace: 'shop' },
    spec: { type: 'NodePort', clusterIP: '10.0.0.1', clusterIPs: ['10.0.0.1'], ports: [{ port: 80, nodePort: 30080 }] },
  } as unknown as KubeObject);
  t.same(service.spec, { type: 'NodePort', ports: [{ port: 80 }] });
  const claim = adoptable({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data', annotations: { 'pv.kubernetes.io/bind-completed': 'yes' } },
    spec: { volumeName: 'pv-1', resources: { requests: { storage: '1Gi' } } },
  } as unknown as KubeObject);
  t.same(claim, {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data' },
    spec: { resources: { requests: { storage: '1Gi' } } },
  });
  const uidLabels = { 'controller-uid': 'x', 'batch.kubernetes.io/job-name': 'once', app: 'once' };
  const job = adoptable({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'once', labels: uidLabels },
    spec: { selector: { matchLabels: { 'controller-uid': 'x' } }, template: { metadata: { labels: uidLabels } } },
  } as unknown as KubeObject);
  t.same(job.metadata.labels, { app: 'once' });
  t.same(job.spec, { template: { metadata: { labels: { app: 'once' } } } });
  const account = adoptable({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'runner' },
    secrets: [{ name: 'runner-token' }],
    automountServiceAccountToken: false,
  } as unknown as KubeObject);
  t.same(account, {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'runner' },
    automountServiceAccountToken: false,
  });
});

t.test('objects made by controllers, by the cluster or synced by tmc are not offered', async (t) => {
  const object = (kind: string, name: string, extra: Record<string, unknown> = {}, meta = {}) =>
    ({ apiVersion: 'v1', kind, metadata: { name, ...meta }, ...extra }) as unknown as KubeObject;
  t.match(
    notAdoptable(object('Pod', 'web-1', {}, { ownerReferences: [{ kind: 'ReplicaSet', name: 'web-1' }] })),
    /ReplicaSet web-1/,
  );
  t.match(notAdoptable(object('ConfigMap', 'kube-root-ca.crt')), /CA bundle/);
  t.match(notAdoptable(object('ServiceAccount', 'default')), /default ServiceAccount/);
  t.match(notAdoptable(object('Secret', 't', { type: 'kubernetes.io/service-account-token' })), /token/);
  t.match(
    notAdoptable(object('ConfigMap', 'env', {}, { annotations: { 'workload.kcp.io/sync-target': 'edge-1' } })),
    /already synced by tmc from SyncTarget "edge-1"/,
  );
  t.equal(notAdoptable(object('ConfigMap', 'env')), undefined);
});

t.test('arguments: KIND/NAME or kinds with a selector, never the kinds tmc keeps', async (t) => {
  t.same(
    wantedOf(['deploy/web', 'cm/env'], undefined).map((w) => [w.info.kind, w.name]),
    [
      ['Deployment', 'web'],
      ['ConfigMap', 'env'],
    ],
  );
  t.same(
    wantedOf(['deployments,configmaps'], 'app=web').map((w) => [w.info.kind, w.name]),
    [
      ['Deployment', undefined],
      ['ConfigMap', undefined],
    ],
  );
  t.throws(() => wantedOf(['deploy/web', 'configmaps'], undefined), /either KIND\/NAME/);
  t.throws(() => wantedOf(['deploy/web'], 'app=web'), /-l selects objects of a kind/);
  t.throws(() => wantedOf(['placement/p'], undefined), /placements are kept by tmc itself, never adopted/);
  t.throws(() => wantedOf(['ns/shop'], undefined), /namespaces are kept by tmc itself, never adopted/);
  t.same(
    wantedOf(['namespaces,configmaps'], 'app=web').map((w) => w.info.kind),
    ['ConfigMap'],
    'a kind list leaves namespaces out',
  );
  t.throws(() => wantedOf(['deploy/'], undefined), /is not KIND\/NAME/);
});

t.test('the Placement names the objects per kind, and merges into an existing one', async (t) => {
  const found = [
    { info: kindByName('deploy'), object: served },
    { info: kindByName('cm'), object: { metadata: { name: 'env' } } as KubeObject },
    { info: kindByName('deploy'), object: { metadata: { name: 'api' } } as KubeObject },
  ];
  const selectors = selectorsFor(found);
  t.same(selectors, [
    { apiVersion: 'apps/v1', kind: 'Deployment', names: ['api', 'web'] },
    { apiVersion: 'v1', kind: 'ConfigMap', names: ['env'] },
  ]);
  t.same(newPlacement('adopted-edge-1', 'shop', 'edge-1', selectors).spec, {
    syncTargetNames: ['edge-1'],
    resourceSelectors: selectors,
    conflictResolution: 'Adopt',
  });
  t.equal(placementName(undefined, 'edge-1'), 'adopted-edge-1');
  t.throws(() => placementName(undefined, 'e'.repeat(250)), /pass --placement/);
  const existing = {
    syncTargetNames: ['edge-2'],
    resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', names: ['old'] }],
    driftPolicy: 'DetectOnly',
  };
  t.same(mergedSpec(existing, 'edge-1', selectors), {
    syncTargetNames: ['edge-2', 'edge-1'],
    resourceSelectors: [
      { apiVersion: 'apps/v1', kind: 'Deployment', names: ['api', 'old', 'web'] },
      { apiVersion: 'v1', kind: 'ConfigMap', names: ['env'] },
    ],
    driftPolicy: 'DetectOnly',
    conflictResolution: 'Adopt',
  });
  t.same(
    mergedSpec({ syncTargetNames: ['edge-1'] }, 'edge-1', selectors).deploymentSelector,
    {},
    'still every Deployment',
  );
});
