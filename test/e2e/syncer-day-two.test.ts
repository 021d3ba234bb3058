// Day two on the real test cluster, the syncer's core (SyncEngine) driven with feed items as
// the control plane hands them: a Deployment under a real HorizontalPodAutoscaler (its
// controller runs in the cluster's controller-manager) keeps the replicas the autoscaler or a
// `kubectl scale` gives it while an image change is still reverted; ignoreFields keep a
// ConfigMap key; a running Deployment is adopted with no new ReplicaSet; Orphan leaves objects
// running without the ownership marks.
import * as k8s from '@kubernetes/client-node';
import t from 'tap';
import type { FeedItem } from '../../src/syncer/upstream/feed-answer.js';
import { e2eCluster } from '../cluster/e2e-env.js';
import { engineOnCluster } from './syncer-engine.js';
import { until } from './syncer-helpers.js';

type Policy = FeedItem['metadata']['syncPolicy'];
const meta = (name: string, namespace: string, syncPolicy?: Policy) => ({
  name,
  namespace,
  generation: 1,
  ...(syncPolicy ? { syncPolicy } : {}),
});
const deployment = (ns: string, name: string, replicas: number, image: string, syncPolicy?: Policy): FeedItem => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: meta(name, ns, syncPolicy),
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image }] } },
  },
});
const image = (d: k8s.V1Deployment) => d.spec?.template.spec?.containers[0]?.image;

const cluster = e2eCluster(t);
if (cluster) {
  t.setTimeout(600_000);
  const { ns, target, core, apps, events, feed, report, state } = await engineOnCluster(
    t,
    cluster.kubeconfigPath,
    'day-two',
  );
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

  await t.test('Adopt takes over a running Deployment in place: same uid, no new ReplicaSet', async (t) => {
    const legacy = deployment(ns, 'legacy', 2, 'legacy:1');
    const created = await apps.createNamespacedDeployment({
      namespace: ns,
      body: { metadata: { name: 'legacy' }, spec: legacy.spec as k8s.V1DeploymentSpec },
    });
    const rolledOut = await until('legacy rolled out', async () => {
      const d = await readDeployment('legacy');
      return d.status?.observedGeneration === d.metadata?.generation && d.status?.updatedReplicas === 2 && d;
    });
    const sets = async () =>
      (await apps.listNamespacedReplicaSet({ namespace: ns, labelSelector: 'app=legacy' })).items
        .map((rs) => rs.metadata?.name)
        .sort();
    const before = await sets();
    t.equal(before.length, 1);

    feed([...state.items, legacy]);
    const key = `Deployment.apps/${ns}/legacy`;
    const blocked = await report(key, (r) => r.state === 'Error');
    t.match(blocked.message, /conflictResolution: Adopt/, 'Abort by default, and the message says how to adopt');

    feed([
      ...state.items.filter((i) => i.metadata.name !== 'legacy'),
      deployment(ns, 'legacy', 2, 'legacy:1', { conflictResolution: 'Adopt' }),
    ]);
    const adopted = await report(key, (r) => r.state === 'Applied' && r.adopted === true);
    t.match(adopted.message, /^Adopted/);
    const after = await readDeployment('legacy');
    t.equal(after.metadata?.uid, created.metadata?.uid, 'the same object');
    // (Its generation moves: a Deployment counts annotation changes too.)
    t.same(after.spec, rolledOut.spec, 'its spec unchanged');
    t.equal(after.metadata?.labels?.['workload.kcp.io/sync-target'], target, "now marked as the syncer's");
    t.equal(after.metadata?.annotations?.['workload.kcp.io/sync-target'], target);
    // The controller has seen the adoption (its generation observed) and still has the one ReplicaSet.
    await until('the adoption observed', async () => {
      const d = await readDeployment('legacy');
      return d.status?.observedGeneration === d.metadata?.generation;
    });
    t.same(await sets(), before, 'no new ReplicaSet');
    t.same(events('prune', key), [], 'never deleted');
  });

  await t.test('Orphan: removing the objects leaves them running without the ownership marks', async (t) => {
    const keep = deployment(ns, 'keep', 1, 'keep:1', { deletionPolicy: 'Orphan' });
    const note: FeedItem = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta('note', ns, { deletionPolicy: 'Orphan' }),
      data: { a: '1' },
    };
    feed([...state.items, keep, note]);
    await report(`Deployment.apps/${ns}/keep`, (r) => r.state === 'Applied');
    await report(`ConfigMap/${ns}/note`, (r) => r.state === 'Applied');
    const placed = await readDeployment('keep');
    t.equal(placed.metadata?.annotations?.['workload.kcp.io/deletion-policy'], 'Orphan');

    feed(state.items.filter((i) => !['keep', 'note'].includes(i.metadata.name)));
    const released = await until('keep released', async () => {
      const d = await readDeployment('keep');
      return d.metadata?.labels?.['workload.kcp.io/sync-target'] === undefined && d;
    });
    t.equal(released.metadata?.uid, placed.metadata?.uid, 'still there, the same object');
    t.same(released.spec, placed.spec, 'its spec untouched');
    t.same(
      Object.keys(released.metadata?.annotations ?? {}).filter((k) => k.startsWith('workload.kcp.io/')),
      [],
      'no mark left',
    );
    const cm = await until('note released', async () => {
      const c = await core.readNamespacedConfigMap({ name: 'note', namespace: ns });
      return c.metadata?.labels?.['workload.kcp.io/sync-target'] === undefined && c;
    });
    t.same(cm.data, { a: '1' }, 'its data kept');
    t.same(
      [...events('prune', `Deployment.apps/${ns}/keep`), ...events('prune', `ConfigMap/${ns}/note`)],
      [],
      'nothing deleted',
    );
    t.equal(events('orphan', `Deployment.apps/${ns}/keep`).length, 1);

    feed([...state.items, deployment(ns, 'keep', 1, 'keep:1')]);
    const error = await report(`Deployment.apps/${ns}/keep`, (r) => r.state === 'Error');
    t.match(error.message, /not managed by tmc-syncer/, "placed again without Adopt, it is someone else's now");
  });
}
