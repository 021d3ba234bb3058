// The application the multi-kind syncer test places: a Deployment that mounts a ConfigMap and
// reads a Secret, a Service in front of it, a StatefulSet with its headless Service, a
// CronJob, and a ConfigMap whose name someone else has taken downstream. Listed workloads
// first, so the order the syncer applies them in is its own.
import type { FeedItem } from '../../src/syncer/upstream/feed-answer.js';

export const SECRET_VALUE = 'hunter2-do-not-log';

const meta = (name: string, namespace: string, labels?: Record<string, string>) => ({
  name,
  namespace,
  generation: 1,
  ...(labels ? { labels } : {}),
});
const container = { name: 'main', image: 'registry.example/web:1' };

export function application(ns: string): FeedItem[] {
  const web = { app: 'web' };
  const db = { app: 'db' };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('web', ns, web),
      spec: {
        replicas: 2,
        selector: { matchLabels: web },
        template: {
          metadata: { labels: web },
          spec: {
            containers: [
              {
                ...container,
                env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } }],
                volumeMounts: [{ name: 'settings', mountPath: '/etc/app' }],
              },
            ],
            volumes: [{ name: 'settings', configMap: { name: 'settings' } }],
          },
        },
      },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: meta('tick', ns),
      spec: {
        // Once a year: the test never sees it run.
        schedule: '0 0 1 1 *',
        jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [container] } } } },
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: meta('db', ns, db),
      spec: {
        replicas: 1,
        serviceName: 'db',
        selector: { matchLabels: db },
        template: { metadata: { labels: db }, spec: { containers: [container] } },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('web', ns),
      spec: { selector: web, ports: [{ port: 80, targetPort: 8080 }] },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('db', ns),
      spec: { clusterIP: 'None', selector: db, ports: [{ port: 5432 }] },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta('creds', ns),
      type: 'Opaque',
      stringData: { password: SECRET_VALUE },
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('settings', ns), data: { 'app.conf': 'mode=fast\n' } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('taken', ns), data: { ours: 'yes' } },
  ];
}
