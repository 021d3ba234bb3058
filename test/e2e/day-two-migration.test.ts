// Moving a running application under tmc and out again, through the real `tmc server`, the real
// `tmc syncer` and the real cluster: a Deployment and the ConfigMap it reads already run
// downstream; a Placement with conflictResolution Adopt takes both over (the ConfigMap as a
// dependency, with the Deployment's policy) with no new ReplicaSet and the same pods; with
// deletionPolicy Orphan, deleting the Placement leaves both running without tmc's marks.
import { join } from 'node:path';
import t from 'tap';
import { e2eCluster } from '../cluster/e2e-env.js';
import { ControlPlane, downstream, ST, startTargetSyncer, suffix, until } from './syncer-helpers.js';

const cluster = e2eCluster(t);
if (cluster) {
  t.setTimeout(600_000);
  const ns = `migrate-${suffix()}`;
  const target = `migrate-${suffix()}`;
  const { core, apps } = downstream(cluster.kubeconfigPath);
  t.teardown(() =>
    core.deleteNamespace({ name: ns }).then(
      () => undefined,
      () => undefined,
    ),
  );

  const web = { app: 'web' };
  const configMap = { metadata: { name: 'env' }, data: { MODE: 'fast' } };
  const spec = {
    replicas: 2,
    selector: { matchLabels: web },
    template: {
      metadata: { labels: web },
      spec: {
        containers: [
          {
            name: 'main',
            image: 'registry.example/web:1',
            envFrom: [{ configMapRef: { name: 'env' } }],
          },
        ],
      },
    },
  };
  // The application as it runs before tmc: made downstream by someone else.
  await core.createNamespace({ body: { metadata: { name: ns } } });
  await core.createNamespacedConfigMap({ namespace: ns, body: configMap });
  const before = await apps.createNamespacedDeployment({
    namespace: ns,
    body: { metadata: { name: 'web', labels: web }, spec },
  });
  await until('the application rolled out', async () => {
    const d = await apps.readNamespacedDeployment({ name: 'web', namespace: ns });
    return d.status?.observedGeneration === d.metadata?.generation && d.status?.availableReplicas === 2;
  });
  const replicaSets = async () =>
    (await apps.listNamespacedReplicaSet({ namespace: ns })).items.map((r) => r.metadata?.uid).sort();
  const pods = async () => (await core.listNamespacedPod({ namespace: ns })).items.map((p) => p.metadata?.uid).sort();
  const setsBefore = await replicaSets();
  const podsBefore = await pods();

  const plane = await ControlPlane.start(t);
  await plane.ok('POST', ST, {
    apiVersion: 'workload.kcp.io/v1alpha1',
    kind: 'SyncTarget',
    metadata: { name: target },
    spec: {},
  });
  const tokenFile = join(plane.dataDir, `${target}.agent-token`);
  await plane.rotateToken(target, tokenFile);
  await plane.ok('POST', `/api/v1/namespaces/${ns}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', ...configMap });
  await plane.ok('POST', `/apis/apps/v1/namespaces/${ns}/deployments`, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: web },
    spec,
  });
  const placements = `/apis/scheduling.kcp.io/v1alpha1/namespaces/${ns}/placements`;
  await plane.ok('POST', placements, {
    apiVersion: 'scheduling.kcp.io/v1alpha1',
    kind: 'Placement',
    metadata: { name: 'migrate' },
    spec: {
      syncTargetNames: [target],
      deploymentSelector: { matchLabels: web },
      conflictResolution: 'Adopt',
      deletionPolicy: 'Orphan',
    },
  });
  const syncer = startTargetSyncer(t, target, plane.url, tokenFile, cluster.kubeconfigPath);
  await syncer.ready();
  const entry = async (path: string) =>
    (await plane.call('GET', path)).json?.status?.syncTargets?.find((e: { name: string }) => e.name === target);

  await t.test('the running application is adopted in place: same objects, same ReplicaSet, same pods', async (t) => {
    t.equal(setsBefore.length, 1, 'before: one ReplicaSet');
    t.equal(podsBefore.length, 2, 'before: two pods');
    const d = await until('the Deployment reported adopted', async () => {
      const e = await entry(`/apis/apps/v1/namespaces/${ns}/deployments/web`);
      return e?.adopted === true && e;
    });
    t.match(d, { state: 'Applied', reason: 'Selected', message: /^Adopted/, policy: { conflictResolution: 'Adopt' } });
    const cm = await until('the ConfigMap reported adopted', async () => {
      const e = await entry(`/api/v1/namespaces/${ns}/configmaps/env`);
      return e?.adopted === true && e;
    });
    t.match(cm, { reason: 'DependencyOf', policy: { conflictResolution: 'Adopt', deletionPolicy: 'Orphan' } });
    const now = await apps.readNamespacedDeployment({ name: 'web', namespace: ns });
    t.equal(now.metadata?.uid, before.metadata?.uid);
    t.equal(now.metadata?.labels?.['workload.kcp.io/sync-target'], target);
    await until('the adoption observed by the Deployment controller', async () => {
      const d = await apps.readNamespacedDeployment({ name: 'web', namespace: ns });
      return d.status?.observedGeneration === d.metadata?.generation;
    });
    t.same(await replicaSets(), setsBefore, 'no new ReplicaSet');
    t.same(await pods(), podsBefore, 'the same pods: nothing restarted');
  });

  await t.test("deleting the Orphan Placement leaves the application running without tmc's marks", async (t) => {
    await plane.ok('DELETE', `${placements}/migrate`);
    const released = await until('the Deployment released', async () => {
      const d = await apps.readNamespacedDeployment({ name: 'web', namespace: ns });
      return d.metadata?.labels?.['workload.kcp.io/sync-target'] === undefined && d;
    });
    t.equal(released.metadata?.uid, before.metadata?.uid);
    const cm = await until('the ConfigMap released', async () => {
      const c = await core.readNamespacedConfigMap({ name: 'env', namespace: ns });
      return c.metadata?.labels?.['workload.kcp.io/sync-target'] === undefined && c;
    });
    t.same(cm.data, configMap.data);
    t.same(await replicaSets(), setsBefore, 'still the same ReplicaSet');
    t.same(await pods(), podsBefore, 'still the same pods');
  });
}
