// Day two on the real test cluster, the syncer's core (SyncEngine) driven with feed items as
// the control plane hands them: a Deployment under a real HorizontalPodAutoscaler (its
// controller runs in the cluster's controller-manager) keeps the replicas the autoscaler or a
// `kubectl scale` gives it while an image change is still reverted; ignoreFields keep a
// ConfigMap key. (Adopt and Orphan: syncer-day-two-adopt.test.ts.)
import * as k8s from '@kubernetes/client-node';
import t from 'tap';
import type { FeedItem } from '../../src/syncer/upstream/feed-answer.js';
import { e2eCluster } from '../cluster/e2e-env.js';
import { engineOnCluster } from './syncer-engine.js';
import { until } from './syncer-helpers.js';
import { deployment, image, meta } from './syncer-day-two-items.js';

const cluster = e2eCluster(t);
if (cluster) {
  t.setTimeout(600_000);
  const { ns, core, apps, events, feed, report, state } = await engineOnCluster(t, cluster.kubeconfigPath, 'day-two');
  const readDeployment = (name: string) => apps.readNamespacedDeployment({ name, namespace: ns });
  const setImage = (name: string, to: string) =>
    apps.patchNamespacedDeployment(
      { name, namespace: ns, body: { spec: { template: { spec: { containers: [{ name: 'main', image: to }] } } } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch),
    );

  await t.test(
    'an HPA scales the Deployment downstream; the syncer keeps those replicas and still reverts the image',
    async (t) => {
      const hpa: FeedItem = {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: meta('web', ns),
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
          minReplicas: 3,
          maxReplicas: 5,
          metrics: [
            { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
          ],
        },
      };
      feed([deployment(ns, 'web', 2, 'web:1'), hpa]);
      const key = `Deployment.apps/${ns}/web`;
      // Below minReplicas the HPA controller scales without any metrics.
      await until(
        'the HPA controller scaling web to its minimum of 3',
        async () => (await readDeployment('web')).spec?.replicas === 3,
      );
      const retained = await report(key, (r) => r.retained?.includes('/spec/replicas') === true);
      t.equal(retained.state, 'Applied');
      t.same(events('drift-corrected', key), [], 'the autoscaler was not fought');

      await setImage('web', 'web:edited');
      const reverted = await until('the image reverted', async () => {
        const d = await readDeployment('web');
        return image(d) === 'web:1' && d;
      });
      t.equal(reverted.spec?.replicas, 3, "the HPA's replicas stay through the correction");
      await until('the correction logged', async () => events('drift-corrected', key).length > 0);
      t.same(
        events('drift-corrected', key).map((e) => e.fields),
        [['spec.template.spec.containers[0].image']],
        'only the image was drift',
      );

      // A `kubectl scale` inside the HPA's range (without metrics the HPA leaves it there).
      await apps.patchNamespacedDeploymentScale(
        { name: 'web', namespace: ns, body: { spec: { replicas: 4 } } },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      );
      await setImage('web', 'web:edited-again');
      const again = await until('the image reverted again', async () => {
        const d = await readDeployment('web');
        return image(d) === 'web:1' && d;
      });
      t.equal(again.spec?.replicas, 4, 'the scaled replicas stay too');
    },
  );

  const ignoring =
    'ignoreFields keep a downstream value; the rest of the object is corrected; ' + 'Service addresses are retained';
  await t.test(ignoring, async (t) => {
    const cm: FeedItem = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta('settings', ns, { ignoreFields: [{ path: '/data/color' }] }),
      data: { color: 'blue', size: 'M' },
    };
    const svc: FeedItem = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('front', ns),
      spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80 }] },
    };
    feed([...state.items, cm, svc]);
    await report(`ConfigMap/${ns}/settings`, (r) => r.state === 'Applied');
    await core.patchNamespacedConfigMap(
      { name: 'settings', namespace: ns, body: { data: { color: 'red', size: 'XL' } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    const fixed = await until('size corrected', async () => {
      const c = await core.readNamespacedConfigMap({ name: 'settings', namespace: ns });
      return c.data?.size === 'M' && c;
    });
    t.equal(fixed.data?.color, 'red', 'the ignored key keeps its downstream value');
    t.ok((await report(`ConfigMap/${ns}/settings`, (r) => r.retained !== undefined)).retained?.includes('/data/color'));
    const service = await report(`Service/${ns}/front`, (r) => (r.retained?.length ?? 0) > 0);
    t.same(
      service.retained,
      ['/spec/clusterIP', '/spec/clusterIPs', '/spec/ports/0/nodePort'],
      "the allocated addresses and node port are the cluster's",
    );
  });
}
