// The real `tmc syncer` reports what the test cluster serves, read from its discovery, on the
// SyncTarget status: the same apps/v1 resources the cluster lists to client-node, with a digest.
import * as k8s from '@kubernetes/client-node';
import t from 'tap';
import { e2eCluster } from '../cluster/e2e-env.js';
import { ControlPlane, ST, startTargetSyncer, suffix, until } from './syncer-helpers.js';

const cluster = e2eCluster(t);
if (cluster) {
  t.setTimeout(300_000);
  const target = `served-${suffix()}`;
  const plane = await ControlPlane.start(t);
  const tokenFile = await plane.target(target, `served-${suffix()}`);
  const syncer = startTargetSyncer(t, target, plane.url, tokenFile, cluster.kubeconfigPath);
  await syncer.ready();

  await t.test('the SyncTarget status lists the resources the cluster serves', async (t) => {
    const status = await until('apiResources on the SyncTarget status', async () => {
      const { json } = await plane.call('GET', `${ST}/${target}`);
      return json.status?.apiResources?.length > 0 && json.status;
    });
    t.match(status.apiResourcesHash, /^[0-9a-f]{64}$/);
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(cluster.kubeconfigPath);
    const apps = await kc.makeApiClient(k8s.AppsV1Api).getAPIResources();
    const reported = (status.apiResources as { group: string; version: string; resource: string; kind: string }[])
      .filter((r) => r.group === 'apps' && r.version === 'v1')
      .map((r) => `${r.resource}=${r.kind}`)
      .sort();
    t.same(reported, apps.resources.map((r) => `${r.name}=${r.kind}`).sort(), 'apps/v1 as the cluster lists it');
    t.ok(
      status.apiResources.some((r: { group: string; kind: string }) => r.group === '' && r.kind === 'ConfigMap'),
      'the core group is there too',
    );
  });
}
