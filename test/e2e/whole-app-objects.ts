// The whole application of the e2e test and the e2e benchmark, as kubectl would apply it to one
// cluster: a Deployment with a ConfigMap volume, a Secret in env and a ServiceAccount; a Service
// and the Ingress in front of it; a StatefulSet with a volumeClaimTemplate; a CronJob. Plus the
// one Placement that selects only the workloads (everything else follows).

export const IMAGE = 'registry.example/web:1';
export const KIND_OF: Record<string, string> = {
  configmaps: 'ConfigMap',
  secrets: 'Secret',
  serviceaccounts: 'ServiceAccount',
  services: 'Service',
  ingresses: 'Ingress',
  deployments: 'Deployment',
  statefulsets: 'StatefulSet',
  cronjobs: 'CronJob',
};
const web = { app: 'web' };
const db = { app: 'db' };

/** [apiVersion, plural, object] in apply order; the StatefulSet runs as `statefulSetAccount`. */
export type AppObject = [string, string, any];

export const webContainers = (mount: boolean) => [
  {
    name: 'main',
    image: IMAGE,
    env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } }],
    ...(mount ? { volumeMounts: [{ name: 'settings', mountPath: '/etc/app' }] } : {}),
  },
];

export function wholeApp(secretValue: string, statefulSetAccount = 'db-sa'): AppObject[] {
  const objects: [string, string, any][] = [
    ['v1', 'configmaps', { metadata: { name: 'settings' }, data: { 'app.conf': 'mode=fast\n' } }],
    ['v1', 'secrets', { metadata: { name: 'creds' }, type: 'Opaque', stringData: { password: secretValue } }],
    ['v1', 'serviceaccounts', { metadata: { name: 'web-sa' } }],
    ['v1', 'serviceaccounts', { metadata: { name: statefulSetAccount } }],
    ['v1', 'services', { metadata: { name: 'web' }, spec: { selector: web, ports: [{ port: 80, targetPort: 8080 }] } }],
    [
      'networking.k8s.io/v1',
      'ingresses',
      {
        metadata: { name: 'web' },
        spec: {
          rules: [
            {
              http: {
                paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }],
              },
            },
          ],
        },
      },
    ],
    [
      'apps/v1',
      'deployments',
      {
        metadata: { name: 'web', labels: web },
        spec: {
          replicas: 2,
          selector: { matchLabels: web },
          template: {
            metadata: { labels: web },
            spec: {
              serviceAccountName: 'web-sa',
              containers: webContainers(true),
              volumes: [{ name: 'settings', configMap: { name: 'settings' } }],
            },
          },
        },
      },
    ],
    [
      'apps/v1',
      'statefulsets',
      {
        metadata: { name: 'db', labels: db },
        spec: {
          replicas: 1,
          serviceName: 'db',
          selector: { matchLabels: db },
          template: {
            metadata: { labels: db },
            spec: {
              serviceAccountName: statefulSetAccount,
              containers: [{ name: 'main', image: IMAGE }],
            },
          },
          volumeClaimTemplates: [
            {
              metadata: { name: 'data' },
              spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
            },
          ],
        },
      },
    ],
    [
      'batch/v1',
      'cronjobs',
      {
        metadata: { name: 'tick' },
        spec: {
          schedule: '0 0 1 1 *',
          jobTemplate: {
            spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: IMAGE }] } } },
          },
        },
      },
    ],
  ];
  return objects.map(([apiVersion, plural, body]) => [
    apiVersion,
    plural,
    { apiVersion, kind: KIND_OF[plural], ...body },
  ]);
}

/** The one Placement: the workloads only, on `target`. */
export const workloadsPlacement = (target: string) => ({
  apiVersion: 'scheduling.kcp.io/v1alpha1',
  kind: 'Placement',
  metadata: { name: 'workloads' },
  spec: {
    syncTargetNames: [target],
    resourceSelectors: [
      { apiVersion: 'apps/v1', kind: 'Deployment' },
      { apiVersion: 'apps/v1', kind: 'StatefulSet' },
      { apiVersion: 'batch/v1', kind: 'CronJob' },
    ],
  },
});

/** The path of a namespaced collection (or one object of it) on the control plane or a cluster. */
export const objectPath = (ns: string, apiVersion: string, plural: string, name = '') =>
  `${apiVersion.includes('/') ? '/apis' : '/api'}/${apiVersion}/namespaces/${ns}/${plural}${name ? `/${name}` : ''}`;
