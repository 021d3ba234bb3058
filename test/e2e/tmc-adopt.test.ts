// `tmc adopt` on the real cluster, through the built CLI, the real `tmc server` and `tmc syncer`:
// a Deployment and its ConfigMap run downstream with nothing of tmc; `tmc adopt` reads them with
// the cluster's kubeconfig, writes them to tmc (without uid, resourceVersion, status...) and a
// Placement with conflictResolution Adopt; the agent then takes both over in place: the same
// uid, the ownership marks, `Adopted`, no new ReplicaSet and the same pods.
import { join } from 'node:path';
import t from 'tap';
import { parse } from 'yaml';
import { runTmc } from '../helpers/server-process.js';
import { e2eCluster } from '../cluster/e2e-env.js';
import { ControlPlane, downstream, ST, startTargetSyncer, suffix, until } from './syncer-helpers.js';

const cluster = e2eCluster(t);
if (cluster) {
  t.setTimeout(600_000);
  const ns = `adopt-${suffix()}`;
  const target = `adopt-${suffix()}`;
  const { core, apps } = downstream(cluster.kubeconfigPath);
  t.teardown(() =>
    core.deleteNamespace({ name: ns }).then(
      () => undefined,
      () => undefined,
    ),
  );
  const web = { app: 'web' };
  const spec = {
    replicas: 2,
    selector: { matchLabels: web },
    template: {
      metadata: { labels: web },
      spec: {
        containers: [{ name: 'main', image: 'registry.example/web:1', envFrom: [{ configMapRef: { name: 'env' } }] }],
      },
    },
  };
  const tmc = async (args: string[]) => {
    const run = runTmc(args);
    const code = await run.exited;
    return { code, output: run.output() };
  };

  await t.test('tmc adopt moves a running application under tmc with no new ReplicaSet', async (t) => {
    await core.createNamespace({ body: { metadata: { name: ns } } });
    await core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: 'env', labels: web }, data: { MODE: 'fast' } },
    });
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
    t.equal(setsBefore.length, 1, 'before: one ReplicaSet');

    const plane = await ControlPlane.start(t);
    await plane.ok('POST', ST, {
      apiVersion: 'workload.kcp.io/v1alpha1',
      kind: 'SyncTarget',
      metadata: { name: target },
      spec: {},
    });
    const tokenFile = join(plane.dataDir, `${target}.agent-token`);
    await plane.rotateToken(target, tokenFile);
    const common = ['--target', target, '--cluster-kubeconfig', cluster.kubeconfigPath, '-n', ns];

    const printed = await tmc(['adopt', 'deployments,configmaps', '-l', 'app=web', ...common, '-o', 'yaml']);
    t.equal(printed.code, 0, printed.output);
    const list = parse(printed.output.slice(printed.output.indexOf('apiVersion'))) as { items: any[] };
    t.same(
      list.items.map((o) => `${o.kind}/${o.metadata.name}`),
      ['Deployment/web', 'ConfigMap/env', `Placement/adopted-${target}`],
      '-o yaml: the objects and the Placement, nothing written',
    );
    const printedWeb = list.items[0];
    t.notOk(
      printedWeb.status ?? printedWeb.metadata.uid ?? printedWeb.metadata.resourceVersion,
      'no server-set fields',
    );
    t.notOk(
      printedWeb.metadata.managedFields ?? printedWeb.metadata.creationTimestamp,
      'no managedFields, no creationTimestamp',
    );
    t.equal((await plane.call('GET', `/apis/apps/v1/namespaces/${ns}/deployments/web`)).status, 404, 'nothing written');

    const adopted = await tmc([
      'adopt',
      'deploy/web',
      'cm/env',
      ...common,
      '--server',
      plane.url,
      '--token',
      plane.adminToken,
    ]);
    t.equal(adopted.code, 0, adopted.output);
    t.match(adopted.output, `deployment/web created\nconfigmap/env created\nplacement/adopted-${target} created\n`);
    const placement = await plane.ok(
      'GET',
      `/apis/scheduling.kcp.io/v1alpha1/namespaces/${ns}/placements/adopted-${target}`,
    );
    t.match(placement.spec, { syncTargetNames: [target], conflictResolution: 'Adopt' });

    const syncer = startTargetSyncer(t, target, plane.url, tokenFile, cluster.kubeconfigPath);
    await syncer.ready();
    const entry = async (path: string) =>
      (await plane.call('GET', path)).json?.status?.syncTargets?.find((e: { name: string }) => e.name === target);
    const reported = await until('the Deployment reported adopted', async () => {
      const e = await entry(`/apis/apps/v1/namespaces/${ns}/deployments/web`);
      return e?.adopted === true && e;
    });
    t.match(reported, { state: 'Applied', message: /^Adopted/ });
    await until(
      'the ConfigMap reported adopted',
      async () => (await entry(`/api/v1/namespaces/${ns}/configmaps/env`))?.adopted,
    );
    const now = await apps.readNamespacedDeployment({ name: 'web', namespace: ns });
    t.equal(now.metadata?.uid, before.metadata?.uid, 'the same Deployment');
    t.equal(now.metadata?.labels?.['workload.kcp.io/sync-target'], target, 'the ownership label added');
    await until('the adoption observed by the Deployment controller', async () => {
      const d = await apps.readNamespacedDeployment({ name: 'web', namespace: ns });
      return d.status?.observedGeneration === d.metadata?.generation;
    });
    t.same(await replicaSets(), setsBefore, 'no new ReplicaSet');
    t.same(await pods(), podsBefore, 'the same pods: nothing restarted');

    const again = await tmc(['adopt', 'deploy/web', ...common, '--server', plane.url, '--token', plane.adminToken]);
    t.equal(again.code, 1, 'adopting again fails');
    t.match(again.output, /deployment\/web skipped: already synced by tmc from SyncTarget/);
  });
}
