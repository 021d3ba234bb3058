// The syncer's main path through the real server, the real `tmc syncer` and the real cluster:
// a placed Deployment appears downstream applied by tmc-syncer, becomes Available and is
// reported upstream; upstream changes flow down; a downstream scale is reverted; an upstream
// delete removes it downstream; SIGTERM stops the agent with exit code 0, touching nothing.
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import t from 'tap';
import { e2eCluster } from '../cluster/e2e-env.js';
import {
  ControlPlane,
  deploymentsPath,
  downstream,
  startTargetSyncer,
  suffix,
  until,
  waitDownstream,
  type Deployment,
} from './syncer-helpers.js';

const cluster = e2eCluster(t);
if (cluster) {
  t.setTimeout(600_000);
  const ns = `sync-life-${suffix()}`;
  const target = `life-${suffix()}`;
  const { kc, apps, core } = downstream(cluster.kubeconfigPath);
  t.teardown(() =>
    core.deleteNamespace({ name: ns }).then(
      () => undefined,
      () => undefined,
    ),
  );

  const plane = await ControlPlane.start(t);
  const tokenFile = await plane.target(target, ns);
  const syncer = startTargetSyncer(t, target, plane.url, tokenFile, cluster.kubeconfigPath);
  await syncer.ready();
  // The client's PATCH defaults to a JSON patch; `kubectl scale` sends a merge patch.
  const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
  const available = (replicas: number) => (d: Deployment | undefined) =>
    d?.status?.availableReplicas === replicas &&
    d.spec?.replicas === replicas &&
    (d.status.conditions ?? []).some((c) => c.type === 'Available' && c.status === 'True');

  await t.test(
    'a placed Deployment is applied downstream by tmc-syncer, becomes Available and is reported Applied',
    async (t) => {
      await plane.createDeployment(ns, 'web', 2);
      const d = (await waitDownstream(kc, ns, 'web', '2 replicas available', available(2)))!;
      const full = await apps.readNamespacedDeployment({ name: 'web', namespace: ns });
      t.ok(
        full.metadata?.managedFields?.some((f) => f.manager === 'tmc-syncer' && f.operation === 'Apply'),
        'tmc-syncer owns its fields by server-side apply',
      );
      t.equal(d.metadata?.labels?.['workload.kcp.io/sync-target'], target);
      t.match(d.metadata?.annotations, {
        'workload.kcp.io/sync-target': target,
        'workload.kcp.io/upstream-namespace': ns,
        'workload.kcp.io/upstream-name': 'web',
        'workload.kcp.io/upstream-generation': '1',
      });
      const ready = await core.readNamespace({ name: ns });
      t.ok(ready.metadata?.name, 'the namespace was created downstream');
      const entry = await until('upstream status Applied with 2 available', async () => {
        const e = await plane.entry(ns, 'web', target);
        return e?.state === 'Applied' && e.availableReplicas === 2 && e;
      });
      t.equal(entry.observedGeneration, 1);
      const { json } = await plane.call('GET', `${deploymentsPath(ns)}/web`);
      t.equal(json.status.availableReplicas, 2, 'the upstream total counts this target');
      const { json: st } = await plane.call('GET', `/apis/workload.kcp.io/v1alpha1/synctargets/${target}`);
      t.equal(
        st.status.conditions.find((c: { type: string }) => c.type === 'Ready').status,
        'True',
        'heartbeats made the target Ready',
      );
      t.match(st.status.kubernetesVersion, /^v1\.\d+/);
      t.ok(Number(st.status.capacity.pods) > 0, `capacity summed over nodes: ${JSON.stringify(st.status.capacity)}`);
    },
  );

  await t.test('an upstream change flows down and is reported with its generation', async (t) => {
    await plane.ok(
      'PATCH',
      `${deploymentsPath(ns)}/web`,
      {
        spec: { replicas: 3, template: { spec: { containers: [{ name: 'main', image: 'registry.example/web:2' }] } } },
      },
      'application/merge-patch+json',
    );
    const d = await waitDownstream(
      kc,
      ns,
      'web',
      'image web:2 and 3 replicas',
      (d) => d?.spec?.template?.spec?.containers?.[0]?.image === 'registry.example/web:2' && d.spec.replicas === 3,
    );
    t.equal(d?.metadata?.annotations?.['workload.kcp.io/upstream-generation'], '2');
    await until('generation 2 reported Applied', async () => {
      const e = await plane.entry(ns, 'web', target);
      return e?.state === 'Applied' && e.observedGeneration === 2;
    });
  });

  await t.test('a field removed upstream is removed downstream too', async (t) => {
    await plane.ok(
      'PATCH',
      `${deploymentsPath(ns)}/web`,
      { metadata: { labels: { extra: 'yes' } } },
      'application/merge-patch+json',
    );
    await waitDownstream(kc, ns, 'web', 'label extra=yes', (d) => d?.metadata?.labels?.extra === 'yes');
    await plane.ok(
      'PATCH',
      `${deploymentsPath(ns)}/web`,
      { metadata: { labels: { extra: null } } },
      'application/merge-patch+json',
    );
    const d = await waitDownstream(
      kc,
      ns,
      'web',
      'label extra gone',
      (d) => d !== undefined && d.metadata?.labels?.extra === undefined,
    );
    t.equal(d?.metadata?.labels?.app, 'web', 'the other labels stay');
  });

  await t.test('a downstream scale is reverted', async (t) => {
    await apps.patchNamespacedDeploymentScale(
      { name: 'web', namespace: ns, body: { spec: { replicas: 7 } } },
      mergePatch,
    );
    await waitDownstream(
      kc,
      ns,
      'web',
      'replicas back to 3',
      (d) => d?.spec?.replicas === 3 && (d.metadata?.generation ?? 0) > 3,
    );
    await syncer.logged(/"event":"drift-corrected","key":"[^"]+\/web".*"fields":\["spec.replicas"\]/);
    t.pass('the drift correction is logged with the field it reverted');
  });

  await t.test('an upstream delete removes it downstream', async (t) => {
    await plane.ok('DELETE', `${deploymentsPath(ns)}/web`);
    await waitDownstream(kc, ns, 'web', 'deleted', (d) => d === undefined);
    await syncer.logged(/"event":"prune"/);
    t.pass('pruned');
  });

  await t.test('SIGTERM: exit code 0, and the running Deployments stay as they are', async (t) => {
    await plane.createDeployment(ns, 'stays', 1);
    const before = (await waitDownstream(kc, ns, 'stays', 'available', available(1)))!;
    t.equal(await syncer.stop('SIGTERM'), 0);
    t.match(syncer.output(), /"event":"stopped"/);
    const after = await apps.readNamespacedDeployment({ name: 'stays', namespace: ns });
    t.equal(after.metadata?.uid, before.metadata?.uid);
    t.equal(after.metadata?.generation, before.metadata?.generation, 'not deleted, not changed');
  });
}
