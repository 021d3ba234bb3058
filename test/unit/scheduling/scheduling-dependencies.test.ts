// What a placed object needs on its SyncTargets, read from its spec: the pod template's
// ConfigMaps, Secrets, PersistentVolumeClaims and ServiceAccount (of every workload kind), an
// Ingress's Services and TLS Secrets, and the Services that pick a workload's pods.
import t from 'tap';
import {
  podSpecReferences,
  referencesOf,
  serviceSelects,
  templateLabels,
} from '../../../src/scheduling/dependencies.js';
import type { KubeObject } from '../../../src/schemas/meta.js';

const object = (kind: string, spec: unknown, apiVersion = 'apps/v1') =>
  ({ apiVersion, kind, metadata: { name: 'x', namespace: 'ns' }, spec }) as unknown as KubeObject;

const fullPod = {
  serviceAccountName: 'runner',
  imagePullSecrets: [{ name: 'registry' }, { name: '' }],
  volumes: [
    { name: 'config', configMap: { name: 'settings' } },
    { name: 'certs', secret: { secretName: 'tls-certs' } },
    { name: 'data', persistentVolumeClaim: { claimName: 'data-claim' } },
    {
      name: 'both',
      projected: {
        sources: [
          { configMap: { name: 'projected-cm' } },
          { secret: { name: 'projected-secret' } },
          { serviceAccountToken: { path: 'token' } },
        ],
      },
    },
    { name: 'scratch', emptyDir: {} },
  ],
  initContainers: [{ name: 'init', envFrom: [{ configMapRef: { name: 'init-env' } }] }],
  containers: [
    {
      name: 'main',
      envFrom: [{ secretRef: { name: 'env-secret' } }, { prefix: 'X_' }],
      env: [
        { name: 'A', value: 'plain' },
        { name: 'B', valueFrom: { configMapKeyRef: { name: 'settings', key: 'b' } } },
        { name: 'C', valueFrom: { secretKeyRef: { name: 'password', key: 'c' } } },
        { name: 'D', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      ],
    },
  ],
  ephemeralContainers: [{ name: 'debug', env: [{ name: 'E', valueFrom: { secretKeyRef: { name: 'debug-secret' } } }] }],
};

t.test('every reference of a pod spec, each once, sorted by kind and name', async (t) => {
  t.same(podSpecReferences(fullPod), [
    { kind: 'ConfigMap', name: 'init-env' },
    { kind: 'ConfigMap', name: 'projected-cm' },
    { kind: 'ConfigMap', name: 'settings' },
    { kind: 'PersistentVolumeClaim', name: 'data-claim' },
    { kind: 'Secret', name: 'debug-secret' },
    { kind: 'Secret', name: 'env-secret' },
    { kind: 'Secret', name: 'password' },
    { kind: 'Secret', name: 'projected-secret' },
    { kind: 'Secret', name: 'registry' },
    { kind: 'Secret', name: 'tls-certs' },
    { kind: 'ServiceAccount', name: 'runner' },
  ]);
  t.same(
    podSpecReferences({ serviceAccount: 'legacy' }),
    [{ kind: 'ServiceAccount', name: 'legacy' }],
    'the deprecated serviceAccount field counts when serviceAccountName is absent',
  );
  t.same(podSpecReferences({ containers: [{ name: 'c', image: 'nginx' }] }), [], 'a pod naming nothing needs nothing');
  t.same(podSpecReferences(undefined), []);
  t.same(podSpecReferences({ volumes: 'not a list', containers: [null, 3] }), [], 'malformed parts are skipped');
});

t.test('the pod template of each workload kind, and nothing for other kinds', async (t) => {
  const template = { metadata: { labels: { app: 'x' } }, spec: { serviceAccountName: 'sa' } };
  const sa = [{ kind: 'ServiceAccount', name: 'sa' }];
  for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet']) {
    t.same(referencesOf(object(kind, { template })), sa, kind);
  }
  t.same(referencesOf(object('Job', { template }, 'batch/v1')), sa, 'Job');
  t.same(
    referencesOf(object('CronJob', { schedule: '@hourly', jobTemplate: { spec: { template } } }, 'batch/v1')),
    sa,
    "CronJob's jobTemplate",
  );
  t.same(templateLabels(object('CronJob', { jobTemplate: { spec: { template } } }, 'batch/v1')), { app: 'x' });
  t.equal(templateLabels(object('ConfigMap', {}, 'v1')), undefined);
  t.same(referencesOf(object('Service', { selector: { app: 'x' } }, 'v1')), [], 'a Service needs nothing');
  t.same(referencesOf(object('Deployment', {})), [], 'a Deployment without a template');
});

t.test("a StatefulSet's volumeClaimTemplates are no dependencies: the downstream controller makes them", async (t) => {
  const sts = object('StatefulSet', {
    template: { spec: { volumes: [{ name: 'shared', persistentVolumeClaim: { claimName: 'shared' } }] } },
    volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'] } }],
  });
  t.same(referencesOf(sts), [{ kind: 'PersistentVolumeClaim', name: 'shared' }]);
});

t.test('an Ingress needs the Services its backends name and its TLS Secrets', async (t) => {
  const ingress = object(
    'Ingress',
    {
      defaultBackend: { service: { name: 'fallback', port: { number: 80 } } },
      tls: [{ hosts: ['a.example'], secretName: 'a-tls' }, { hosts: ['b.example'] }],
      rules: [
        {
          host: 'a.example',
          http: {
            paths: [
              { path: '/', backend: { service: { name: 'web', port: { number: 80 } } } },
              { path: '/api', backend: { service: { name: 'api', port: { name: 'http' } } } },
            ],
          },
        },
        {
          host: 'b.example',
          http: {
            paths: [
              { path: '/', backend: { resource: { kind: 'Bucket', name: 'b' } } },
              { path: '/x', backend: { service: { name: 'web' } } },
            ],
          },
        },
      ],
    },
    'networking.k8s.io/v1',
  );
  t.same(referencesOf(ingress), [
    { kind: 'Secret', name: 'a-tls' },
    { kind: 'Service', name: 'api' },
    { kind: 'Service', name: 'fallback' },
    { kind: 'Service', name: 'web' },
  ]);
});

t.test("a Service picks a workload's pods when every key of its selector matches", async (t) => {
  const service = (selector?: Record<string, string>) => object('Service', selector ? { selector } : {}, 'v1');
  t.ok(serviceSelects(service({ app: 'web' }), { app: 'web', tier: 'front' }));
  t.notOk(serviceSelects(service({ app: 'web', tier: 'back' }), { app: 'web', tier: 'front' }));
  t.notOk(serviceSelects(service({}), { app: 'web' }), 'an empty selector picks nothing');
  t.notOk(serviceSelects(service(), { app: 'web' }), 'no selector (endpoints by hand) picks nothing');
  t.notOk(serviceSelects(service({ app: 'web' }), undefined), 'a kind without pods');
});
