// A suspended Placement holds, through the real `tmc server`, the real `tmc syncer` and the real
// cluster: with web's Placement suspended, a new image upstream does not reach the Deployment
// downstream — while a ConfigMap changed after it, through a Placement that is not suspended,
// does (so the agent has read the feed since the image change) — and reaches it once resumed.
import { join } from 'node:path';
import t from 'tap';
import { e2eCluster } from '../cluster/e2e-env.js';
import {
  ControlPlane,
  ST,
  deploymentManifest,
  downstream,
  startTargetSyncer,
  suffix,
  until,
} from './syncer-helpers.js';

const cluster = e2eCluster(t);
if (cluster) {
  t.setTimeout(600_000);
  const ns = `suspend-${suffix()}`;
  const target = `suspend-${suffix()}`;
  const { apps, core } = downstream(cluster.kubeconfigPath);
  t.teardown(() =>
    core.deleteNamespace({ name: ns }).then(
      () => undefined,
      () => undefined,
    ),
  );
  const placements = `/apis/scheduling.kcp.io/v1alpha1/namespaces/${ns}/placements`;
  const merge = 'application/merge-patch+json';
  const image = async () =>
    (await apps.readNamespacedDeployment({ name: 'web', namespace: ns })).spec?.template.spec?.containers[0]?.image;

  await t.test('a new image waits while the Placement is suspended and arrives once resumed', async (t) => {
    const plane = await ControlPlane.start(t);
    await plane.ok('POST', ST, {
      apiVersion: 'workload.kcp.io/v1alpha1',
      kind: 'SyncTarget',
      metadata: { name: target },
      spec: {},
    });
    const tokenFile = join(plane.dataDir, `${target}.agent-token`);
    await plane.rotateToken(target, tokenFile);
    await plane.createDeployment(ns, 'web', 1, 'registry.example/web:1');
    const marker = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'marker' }, data: { step: '1' } };
    await plane.ok('POST', `/api/v1/namespaces/${ns}/configmaps`, marker);
    const placement = (name: string, spec: Record<string, unknown>) => ({
      apiVersion: 'scheduling.kcp.io/v1alpha1',
      kind: 'Placement',
      metadata: { name },
      spec: { syncTargetNames: [target], ...spec },
    });
    await plane.ok('POST', placements, placement('web', { deploymentSelector: { matchLabels: { app: 'web' } } }));
    const markerSelector = [{ apiVersion: 'v1', kind: 'ConfigMap', names: ['marker'] }];
    await plane.ok('POST', placements, placement('marker', { resourceSelectors: markerSelector }));
    const syncer = startTargetSyncer(t, target, plane.url, tokenFile, cluster.kubeconfigPath);
    await syncer.ready();
    await until('web:1 downstream', async () => (await image()) === 'registry.example/web:1');

    await plane.ok('PATCH', `${placements}/web`, { spec: { suspend: true } }, merge);
    await until(
      'the hold on the target',
      async () => (await plane.entry(ns, 'web', target))?.hold?.reason === 'Suspended',
    );
    const web2 = deploymentManifest('web', 1, 'registry.example/web:2');
    await plane.ok('PATCH', `/apis/apps/v1/namespaces/${ns}/deployments/web`, { spec: web2.spec }, merge);
    const condition = async () =>
      (await plane.ok('GET', `${placements}/web`)).status?.conditions?.find((c: any) => c.type === 'Suspended');
    const waiting = await until('the Suspended condition naming web', async () => {
      const c = await condition();
      return /web on .* \(keeps generation 1 of 2\)/.test(c?.message ?? '') && c;
    });
    t.match(waiting, { status: 'True', reason: 'Suspended' });
    await plane.ok('PATCH', `/api/v1/namespaces/${ns}/configmaps/marker`, { data: { step: '2' } }, merge);
    await until('the marker changed downstream (the agent read the feed again)', async () => {
      const cm = await core.readNamespacedConfigMap({ name: 'marker', namespace: ns });
      return cm.data?.step === '2';
    });
    t.equal(await image(), 'registry.example/web:1', 'the Deployment downstream keeps web:1');

    await plane.ok('PATCH', `${placements}/web`, { spec: { suspend: false } }, merge);
    await until('web:2 downstream once resumed', async () => (await image()) === 'registry.example/web:2');
    const entry = await until('the hold gone', async () => {
      const e = await plane.entry(ns, 'web', target);
      return e && !e.hold && e.observedGeneration === 2 && e;
    });
    t.equal(entry.state, 'Applied');
  });
}
