// A namespace's labels and annotations reach the cluster through the real `tmc server`, `tmc syncer`
// and kube-apiserver: the downstream namespace gets them by server-side apply, loses a label removed
// upstream, and keeps one someone set downstream; kubectl's last-applied copy stays upstream.
import t from 'tap';
import { e2eCluster } from '../cluster/e2e-env.js';
import { ControlPlane, scratch, startTargetSyncer, until } from './syncer-helpers.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

const cluster = e2eCluster(t);
if (cluster) {
  t.setTimeout(600_000);
  const { ns, target, core } = scratch(t, cluster.kubeconfigPath, 'labels');
  const merge = 'application/merge-patch+json';
  const read = () => core.readNamespace({ name: ns });

  await t.test("the namespace downstream follows its Namespace's labels and annotations", async (t) => {
    const plane = await ControlPlane.start(t);
    await plane.ok('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: ns,
        labels: { 'pod-security.kubernetes.io/warn': 'restricted', team: 'shop' },
        annotations: { 'example.com/owner': 'shop-team', [LAST_APPLIED]: '{}' },
      },
    });
    // After its Namespace: the target's Placement in it would make the namespace first.
    const tokenFile = await plane.target(target, ns);
    await plane.ok('POST', `/api/v1/namespaces/${ns}/configmaps`, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings' },
      data: { mode: 'fast' },
    });
    await plane.ok('POST', `/apis/scheduling.kcp.io/v1alpha1/namespaces/${ns}/placements`, {
      apiVersion: 'scheduling.kcp.io/v1alpha1',
      kind: 'Placement',
      metadata: { name: 'settings' },
      spec: {
        syncTargetNames: [target],
        resourceSelectors: [{ apiVersion: 'v1', kind: 'ConfigMap', names: ['settings'] }],
      },
    });
    const syncer = startTargetSyncer(t, target, plane.url, tokenFile, cluster.kubeconfigPath);
    await syncer.ready();
    const first = await until('the labels downstream', async () => {
      const namespace = await read().catch(() => undefined);
      return namespace?.metadata?.labels?.team === 'shop' && namespace;
    });
    t.match(first.metadata?.labels, { 'pod-security.kubernetes.io/warn': 'restricted', team: 'shop' });
    t.equal(first.metadata?.annotations?.['example.com/owner'], 'shop-team');
    t.equal(first.metadata?.annotations?.[LAST_APPLIED], undefined, "kubectl's last-applied copy stays upstream");
    await until('the ConfigMap downstream', async () =>
      core.readNamespacedConfigMap({ name: 'settings', namespace: ns }).then(
        () => true,
        () => false,
      ),
    );

    // Someone sets a label of their own downstream: the agent's applies leave it.
    const local = await read();
    local.metadata!.labels = { ...local.metadata!.labels, 'local.example.com/zone': 'a' };
    await core.replaceNamespace({ name: ns, body: local });

    const labels = { team: null, 'pod-security.kubernetes.io/warn': 'baseline' };
    await plane.ok('PATCH', `/api/v1/namespaces/${ns}`, { metadata: { labels } }, merge);
    const second = await until('the new labels downstream', async () => {
      const namespace = await read();
      const current = namespace.metadata?.labels ?? {};
      return current['pod-security.kubernetes.io/warn'] === 'baseline' && current.team === undefined && namespace;
    });
    t.equal(second.metadata?.labels?.['local.example.com/zone'], 'a', 'a label set downstream stays');
    t.equal(second.metadata?.annotations?.['example.com/owner'], 'shop-team');
  });
}
