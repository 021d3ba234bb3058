// Failover of a whole application between two real clusters (two-clusters.ts): a Deployment, its
// ConfigMap and Service (which follow it) placed on one SyncTarget of two (`numberOfSyncTargets: 1`) move to the
// other cluster's real apiserver when the first one's agent stops, and the aggregate status
// follows them there.
import t from 'tap';
import { e2eCluster } from '../cluster/e2e-env.js';
import { deploymentsPath, suffix, until } from './syncer-helpers.js';
import { type ClusterTarget, cleanUp, imageOn, twoClusters } from './two-clusters.js';

const cluster = e2eCluster(t);
if (cluster) {
  t.setTimeout(600_000);
  const { plane, canary, eu } = await twoClusters(t, cluster);
  const ns = `failover-${suffix()}`;
  cleanUp(t, ns, [canary, eu]);
  const app = { app: 'shop' };
  await plane.ok('POST', `/api/v1/namespaces/${ns}/configmaps`, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'shop-env', labels: app },
    data: { MODE: 'live' },
  });
  await plane.ok('POST', `/api/v1/namespaces/${ns}/services`, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'shop', labels: app },
    spec: { selector: app, ports: [{ port: 80, targetPort: 8080 }] },
  });
  // The ConfigMap and the Service follow the Deployment: it reads the one, the other selects its pods.
  await plane.ok('POST', deploymentsPath(ns), {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'shop', labels: app },
    spec: {
      replicas: 1,
      selector: { matchLabels: app },
      template: {
        metadata: { labels: app },
        spec: {
          containers: [
            { name: 'main', image: 'registry.example/shop:1', envFrom: [{ configMapRef: { name: 'shop-env' } }] },
          ],
        },
      },
    },
  });
  await plane.ok('POST', `/apis/scheduling.kcp.io/v1alpha1/namespaces/${ns}/placements`, {
    apiVersion: 'scheduling.kcp.io/v1alpha1',
    kind: 'Placement',
    metadata: { name: 'shop' },
    spec: {
      syncTargetSelector: { matchLabels: { env: 'prod' } },
      numberOfSyncTargets: 1,
      resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', names: ['shop'] }],
    },
  });
  const placedOn = async (): Promise<string[]> => {
    const { json } = await plane.call('GET', `${deploymentsPath(ns)}/shop`);
    return (json?.status?.syncTargets ?? []).map((e: { name: string }) => e.name);
  };
  const wholeAppOn = async (target: ClusterTarget): Promise<boolean> => {
    const { core } = target.clients;
    const image = await imageOn(target, ns, 'shop');
    const cm = await core.readNamespacedConfigMap({ name: 'shop-env', namespace: ns }).catch(() => undefined);
    const svc = await core.readNamespacedService({ name: 'shop', namespace: ns }).catch(() => undefined);
    return image === 'registry.example/shop:1' && cm?.data?.MODE === 'live' && svc !== undefined;
  };

  await t.test('placed whole on one cluster, then moved whole to the other when its agent stops', async (t) => {
    const first = await until('the application on one cluster', async () => {
      for (const target of [canary, eu]) if (await wholeAppOn(target)) return target;
      return undefined;
    });
    const other = first === canary ? eu : canary;
    t.same(await placedOn(), [first.name], 'one SyncTarget in the status');
    t.notOk(await imageOn(other, ns, 'shop'), 'nothing on the other cluster');

    await first.syncer.stop('SIGKILL');
    await until('the whole application on the other cluster', () => wholeAppOn(other), 120_000);
    t.pass(`moved from ${first.name} to ${other.name}: Deployment, ConfigMap and Service`);
    await until('the status to name the new target only', async () => {
      const names = await placedOn();
      return names.length === 1 && names[0] === other.name;
    });
    const down = await other.clients.apps.readNamespacedDeployment({ name: 'shop', namespace: ns });
    await until('the moved Deployment available downstream', async () => {
      const d = await other.clients.apps.readNamespacedDeployment({ name: 'shop', namespace: ns });
      return (d.status?.availableReplicas ?? 0) >= 1;
    });
    t.equal(down.spec?.replicas, 1);
  });
}
