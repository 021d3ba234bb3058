// An Override through the real `tmc server`, the real `tmc syncer` and the real cluster: the
// Deployment downstream has the image registry and replicas of the Override for its target's
// region, never the stored ones; changing the Override changes the real Deployment; the
// object's status entry names the Override.
import { join } from 'node:path';
import t from 'tap';
import { e2eCluster } from '../cluster/e2e-env.js';
import {
  ControlPlane,
  downstream,
  EU_REGISTRY_OVERRIDE,
  ST,
  startTargetSyncer,
  suffix,
  until,
  waitDownstream,
} from './syncer-helpers.js';

const cluster = e2eCluster(t);
if (cluster) {
  t.setTimeout(300_000);
  const ns = `overrides-${suffix()}`;
  const target = `eu-${suffix()}`;
  const { kc, core } = downstream(cluster.kubeconfigPath);
  t.teardown(() =>
    core.deleteNamespace({ name: ns }).then(
      () => undefined,
      () => undefined,
    ),
  );

  const plane = await ControlPlane.start(t);
  await plane.ok('POST', ST, {
    apiVersion: 'workload.kcp.io/v1alpha1',
    kind: 'SyncTarget',
    spec: {},
    metadata: { name: target, labels: { region: 'eu' } },
  });
  const tokenFile = join(plane.dataDir, `${target}.agent-token`);
  await plane.rotateToken(target, tokenFile);
  const scheduling = `/apis/scheduling.kcp.io/v1alpha1/namespaces/${ns}`;
  await plane.createDeployment(ns, 'web', 1, 'registry.example/web:1');
  await plane.ok('POST', `${scheduling}/placements`, {
    apiVersion: 'scheduling.kcp.io/v1alpha1',
    kind: 'Placement',
    metadata: { name: 'eu' },
    spec: { syncTargetSelector: { matchLabels: { region: 'eu' } } },
  });
  await plane.ok('POST', `${scheduling}/overrides`, EU_REGISTRY_OVERRIDE);
  const syncer = startTargetSyncer(t, target, plane.url, tokenFile, cluster.kubeconfigPath);
  await syncer.ready();
  const image = (d: any): string | undefined => d?.spec?.template?.spec?.containers?.[0]?.image;

  await t.test('the real Deployment has the overridden image and replicas', async (t) => {
    const down = await waitDownstream(
      kc,
      ns,
      'web',
      'the overridden image',
      (d) => image(d) === 'eu.registry.example/web:1',
    );
    t.equal(down?.spec?.replicas, 2, 'the replicas of the Override');
    const entry = await until('the status entry to name the Override', async () => {
      const e = await plane.entry(ns, 'web', target);
      return e?.overrides?.length > 0 && e;
    });
    t.same(entry.overrides, ['eu-registry']);
    const stored = await plane.ok('GET', `/apis/apps/v1/namespaces/${ns}/deployments/web`);
    t.equal(image(stored), 'registry.example/web:1', 'the stored Deployment is unchanged');
  });

  await t.test('changing the Override changes the real Deployment', async (t) => {
    await plane.ok(
      'PATCH',
      `${scheduling}/overrides/eu-registry`,
      { spec: { changes: [{ image: { registry: 'eu.registry.example', tag: '2' } }, { replicas: 3 }] } },
      'application/merge-patch+json',
    );
    const down = await waitDownstream(kc, ns, 'web', 'the new tag', (d) => image(d) === 'eu.registry.example/web:2');
    t.equal(down?.spec?.replicas, 3);
  });
}
