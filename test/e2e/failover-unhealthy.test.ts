// Application failover through the real `tmc server`, the real `tmc syncer` and the real cluster,
// with a second, simulated agent: a Deployment whose pods never become ready (a nodeSelector no
// node matches keeps them Pending) is reported not Healthy by the real syncer; after
// tolerationSeconds it moves to the simulated target, and with purgeMode Graceful the real
// apiserver keeps the old copy until the simulated agent reports the new one Healthy.
import { join } from 'node:path';
import t from 'tap';
import { e2eCluster } from '../cluster/e2e-env.js';
import { ControlPlane, downstream, ST, deploymentsPath, startTargetSyncer, suffix, until } from './syncer-helpers.js';

const cluster = e2eCluster(t);
if (cluster) {
  t.setTimeout(600_000);
  const ns = `failover-${suffix()}`;
  const real = `real-${suffix()}`;
  const sim = `sim-${suffix()}`;
  const { core, apps } = downstream(cluster.kubeconfigPath);
  t.teardown(() =>
    core.deleteNamespace({ name: ns }).then(
      () => undefined,
      () => undefined,
    ),
  );

  const plane = await ControlPlane.start(t);
  for (const name of [real, sim]) {
    await plane.ok('POST', ST, { apiVersion: 'workload.kcp.io/v1alpha1', kind: 'SyncTarget', metadata: { name } });
  }
  const tokenFile = join(plane.dataDir, `${real}.agent-token`);
  await plane.rotateToken(real, tokenFile);
  const syncer = startTargetSyncer(t, real, plane.url, tokenFile, cluster.kubeconfigPath);
  await syncer.ready();
  await until('the real target Ready', async () => {
    const st = (await plane.call('GET', `${ST}/${real}`)).json;
    return st?.status?.conditions?.some(
      (c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True',
    );
  });

  const web = { app: 'web' };
  await plane.ok('POST', deploymentsPath(ns), {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: web },
    spec: {
      replicas: 1,
      selector: { matchLabels: web },
      template: {
        metadata: { labels: web },
        spec: {
          nodeSelector: { 'tmc.test/no-such-node': 'true' },
          containers: [{ name: 'main', image: 'web:broken' }],
        },
      },
    },
  });
  // The simulated target is not Ready yet, so the Ready real one is chosen first.
  await plane.ok('POST', `/apis/scheduling.kcp.io/v1alpha1/namespaces/${ns}/placements`, {
    apiVersion: 'scheduling.kcp.io/v1alpha1',
    kind: 'Placement',
    metadata: { name: 'web' },
    spec: {
      syncTargetNames: [real, sim],
      numberOfSyncTargets: 1,
      failover: { tolerationSeconds: 2, purgeMode: 'Graceful' },
    },
  });
  const entries = async () =>
    ((await plane.call('GET', `${deploymentsPath(ns)}/web`)).json?.status?.syncTargets ?? []) as {
      name: string;
      [k: string]: unknown;
    }[];
  const onReal = async () =>
    apps.readNamespacedDeployment({ name: 'web', namespace: ns }).then(
      () => true,
      () => false,
    );

  await t.test('the real syncer applies it and reports it not Healthy', async (t) => {
    await until('the Deployment on the real cluster', onReal);
    const e = await until('an unhealthy report', async () =>
      (await entries()).find((x) => x.name === real && x.unhealthySince),
    );
    t.not((e.health as { state: string }).state, 'Healthy');
  });

  // The simulated agent: heartbeats keep its target Ready from now on.
  const beat = setInterval(() => void plane.call('POST', `${ST}/${sim}/heartbeat`, {}).catch(() => undefined), 300);
  t.teardown(() => clearInterval(beat));

  await t.test('after tolerationSeconds it fails over; Graceful keeps the real copy', async (t) => {
    const moved = await until('placed on the simulated target too', async () => {
      const list = await entries();
      return list.some((x) => x.name === sim) && list;
    });
    t.match(
      moved.find((x) => x.name === real),
      { failedOver: true },
    );
    t.match(
      moved.find((x) => x.name === sim),
      { failedOverFrom: [real] },
    );
    const placement = (await plane.call('GET', `/apis/scheduling.kcp.io/v1alpha1/namespaces/${ns}/placements/web`))
      .json;
    t.match(
      placement.status.conditions.find((c: { type: string }) => c.type === 'FailedOver'),
      {
        status: 'True',
        reason: 'ApplicationUnhealthy',
      },
    );
    t.ok(await onReal(), 'the old copy still runs on the real cluster while the new one is not Healthy');
  });

  await t.test('the new copy reported Healthy: the old one is removed from the real cluster', async (t) => {
    const report = {
      observedGeneration: 1,
      state: 'Applied',
      health: { state: 'Healthy', reason: 'RolledOut' },
      status: { replicas: 1, readyReplicas: 1, availableReplicas: 1, updatedReplicas: 1 },
    };
    const put = await plane.call('PUT', `${ST}/${sim}/deployments/${ns}/web/status`, report);
    t.equal(put.status, 200, JSON.stringify(put.json));
    await until('the old copy deleted on the real cluster', async () => !(await onReal()));
    t.same(
      (await entries()).map((x) => x.name),
      [sim],
    );
  });
}
