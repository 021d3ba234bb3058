// One sample object per carried kind, as a user would write it, and the path each is served at.
export const kindPath = (apiVersion: string, plural: string, ns = 'default') =>
  `/${apiVersion.includes('/') ? 'apis' : 'api'}/${apiVersion}/namespaces/${ns}/${plural}`;

const template = (app: string) => ({
  metadata: { labels: { app } },
  spec: { containers: [{ name: 'main', image: 'nginx:1.27' }] },
});

export const SAMPLES: { plural: string; object: any }[] = [
  {
    plural: 'configmaps',
    object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web' }, data: { 'app.conf': 'x=1' } },
  },
  {
    plural: 'secrets',
    object: {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'web' },
      type: 'Opaque',
      data: { user: Buffer.from('admin').toString('base64') },
    },
  },
  {
    plural: 'services',
    object: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] },
    },
  },
  { plural: 'serviceaccounts', object: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web' } } },
  {
    plural: 'persistentvolumeclaims',
    object: {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    },
  },
  {
    plural: 'resourcequotas',
    object: {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'bounds' },
      // Roomy: the samples placed on a real cluster must all fit under it.
      spec: { hard: { pods: 100, 'requests.cpu': '40', 'limits.memory': '64Gi' } },
    },
  },
  {
    plural: 'limitranges',
    object: {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'bounds' },
      spec: { limits: [{ type: 'Container', max: { cpu: '8' }, defaultRequest: { cpu: '10m', memory: '16Mi' } }] },
    },
  },
  {
    plural: 'statefulsets',
    object: {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: { serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: template('db') },
    },
  },
  {
    plural: 'daemonsets',
    object: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: template('agent') },
    },
  },
  {
    plural: 'jobs',
    object: {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'migrate' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'm', image: 'busybox' }] } } },
    },
  },
  {
    plural: 'cronjobs',
    object: {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly' },
      spec: {
        schedule: '0 3 * * *',
        jobTemplate: {
          spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'nightly', image: 'busybox' }] } } },
        },
      },
    },
  },
  {
    plural: 'ingresses',
    object: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web' },
      spec: {
        rules: [
          {
            host: 'web.example.com',
            http: {
              paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }],
            },
          },
        ],
      },
    },
  },
  {
    plural: 'networkpolicies',
    object: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'deny' },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    },
  },
  {
    plural: 'roles',
    object: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'reader' },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }],
    },
  },
  {
    plural: 'rolebindings',
    object: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'reader' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: 'default' }],
    },
  },
  {
    plural: 'poddisruptionbudgets',
    object: {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'web' },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
    },
  },
  {
    plural: 'horizontalpodautoscalers',
    object: {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 1,
        maxReplicas: 5,
      },
    },
  },
];
