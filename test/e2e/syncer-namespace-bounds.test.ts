// A namespace's ResourceQuota and LimitRange through the real `tmc server`, `tmc syncer` and
// kube-apiserver: both reach the cluster before the workload they bound, so the pods a placed
// Deployment makes there get the LimitRange's default requests, and the quota counts them.
import t from 'tap';
import { e2eCluster } from '../cluster/e2e-env.js';
import { ControlPlane, scratch, startTargetSyncer, until } from './syncer-helpers.js';

const cluster = e2eCluster(t);
if (cluster) {
  t.setTimeout(600_000);
  const { ns, target, core } = scratch(t, cluster.kubeconfigPath, 'bounds');

  await t.test('the bounds of a namespace are in place before its workload', async (t) => {
    const plane = await ControlPlane.start(t);
    const tokenFile = await plane.target(target, ns);
    await plane.ok('POST', `/api/v1/namespaces/${ns}/resourcequotas`, {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'bounds' },
      spec: { hard: { pods: 10, 'requests.cpu': '2' } },
    });
    await plane.ok('POST', `/api/v1/namespaces/${ns}/limitranges`, {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'bounds' },
      spec: { limits: [{ type: 'Container', defaultRequest: { cpu: '50m' }, default: { cpu: '100m' } }] },
    });
    // No requests of its own: without the LimitRange's defaults the quota on requests.cpu refuses its pods.
    await plane.createDeployment(ns, 'web', 2);
    const selectors = [
      { apiVersion: 'v1', kind: 'ResourceQuota' },
      { apiVersion: 'v1', kind: 'LimitRange' },
      { apiVersion: 'apps/v1', kind: 'Deployment' },
    ];
    await plane.ok('POST', `/apis/scheduling.kcp.io/v1alpha1/namespaces/${ns}/placements`, {
      apiVersion: 'scheduling.kcp.io/v1alpha1',
      kind: 'Placement',
      metadata: { name: 'all' },
      spec: { syncTargetNames: [target], resourceSelectors: selectors },
    });
    const syncer = startTargetSyncer(t, target, plane.url, tokenFile, cluster.kubeconfigPath);
    await syncer.ready();
    const pods = await until('two pods downstream', async () => {
      const list = await core.listNamespacedPod({ namespace: ns });
      return list.items.length === 2 && list.items;
    });
    for (const pod of pods) {
      t.same(pod.spec?.containers[0]?.resources?.requests, { cpu: '50m' }, 'the default request of the LimitRange');
    }
    const quota = await until('the quota counting the pods', async () => {
      const read = await core.readNamespacedResourceQuota({ name: 'bounds', namespace: ns });
      return read.status?.used?.pods === '2' && read;
    });
    t.equal(quota.status?.used?.['requests.cpu'], '100m');
    const entry = await until('the quota reported Applied and enforced', async () => {
      const { json } = await plane.call('GET', `/api/v1/namespaces/${ns}/resourcequotas/bounds`);
      const e = json?.status?.syncTargets?.find((x: { name: string }) => x.name === target);
      return e?.state === 'Applied' && e.health?.state === 'Healthy' && e;
    });
    t.equal(entry.state, 'Applied');
    t.match(entry.health, { state: 'Healthy', reason: 'Enforced' }, 'reported as enforced by the cluster');
  });
}
