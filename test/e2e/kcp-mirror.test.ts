// The kcp mirror against the test cluster's real kube-apiserver (standing in for kcp): the CRD,
// targets created, heartbeating, timing out, changed and deleted, and objects it must not touch.
// One app for the file: a second mirror on the same apiserver would see this one's objects as
// orphans of its own store.
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import t from 'tap';
import { e2eCluster } from '../cluster/e2e-env.js';
import { ST_PATH } from '../helpers/app.js';
import { heartbeat, readTarget } from '../helpers/agents.js';
import { waitFor } from '../helpers/wait.js';
import { MANAGED, conditionIn } from './kcp-env.js';
import { mirrorCases } from './kcp-mirror-cases.js';
import { MIRROR_INTERVAL_MS, mirrorWorld } from './kcp-mirror-setup.js';

const cluster = e2eCluster(t);
if (cluster) {
  t.setTimeout(300_000);
  const world = await mirrorWorld(t, cluster.kubeconfigPath);
  const { kcp, api, create, mirrored } = world;

  t.test('the SyncTarget CRD is installed and Established; /readyz says the mirror runs', async (t) => {
    // The mirror creates the CRD in the background; the apiserver establishes it a moment later.
    const established = (c: { status?: { conditions?: { type: string; status: string }[] } }) =>
      c.status?.conditions?.some((condition) => condition.type === 'Established' && condition.status === 'True');
    const crd = await waitFor(
      async () =>
        (await kcp.crds.listCustomResourceDefinition()).items.find(
          (c) => c.metadata?.name === 'synctargets.workload.kcp.io' && established(c),
        ),
      'the CRD, Established',
    );
    t.equal(crd.spec.scope, 'Cluster');
    t.ok(crd.spec.versions.find((v) => v.name === 'v1alpha1')?.subresources?.status, 'status subresource');
    const ready = await api.call('GET', '/readyz');
    t.equal(ready.statusCode, 200);
    t.match(ready.json.checks['kcp-mirror'], /^mirroring into kcp at https:\/\/127\.0\.0\.1/);
  });

  t.test('a created target is mirrored with its labels and spec, and says so in Mirrored', async (t) => {
    await create('mirror-created', { env: 'prod' }, { unschedulable: true });
    // Created, then its status written through the subresource: two writes.
    const object = await mirrored('mirror-created', (o) => conditionIn(o, 'Ready') !== undefined, 'with status');
    t.match(object.metadata.labels, { env: 'prod', ...MANAGED });
    t.same(object.spec, { unschedulable: true });
    t.match(conditionIn(object, 'Ready'), { status: 'False', reason: 'NoHeartbeat' });
    const record = await waitFor(async () => {
      const current = await readTarget(api, 'mirror-created');
      return conditionIn(current, 'Mirrored')?.status === 'True' && current;
    }, 'Mirrored=True');
    t.notOk(conditionIn(object, 'Mirrored'), 'the Mirrored condition is about kcp and stays out of it');
    t.ok(conditionIn(record, 'Ready'));
  });

  t.test(
    'Ready=True with the heartbeat time arrives within seconds of the first heartbeat; a timeout is mirrored too',
    async (t) => {
      const token = await create('mirror-health');
      await mirrored('mirror-health', (o) => conditionIn(o, 'Ready')?.reason === 'NoHeartbeat', 'NoHeartbeat');
      // A watch sees every state kcp holds, however short-lived (Ready lasts one threshold here).
      const writes = await kcp.watch(t, 'mirror-health');
      const sent = Date.now();
      t.equal(
        (await heartbeat(api, 'mirror-health', token, { kubernetesVersion: 'v1.34.1', capacity: { cpu: '8' } }))
          .statusCode,
        200,
      );
      const readyOf = (i: number) => conditionIn(writes.seen[i]?.object, 'Ready');
      await waitFor(
        () => writes.seen.findIndex((_, i) => readyOf(i)?.status === 'Unknown') > 0,
        'Ready=True, then Ready=Unknown',
        60_000,
      );
      const ready = writes.seen.find((_, i) => readyOf(i)?.status === 'True')!;
      t.ok(
        ready.at - sent < MIRROR_INTERVAL_MS,
        `Ready=True in kcp ${ready.at - sent} ms after the heartbeat, not held back by the budget`,
      );
      t.ok(
        Math.abs(Date.parse(ready.object.status?.lastSyncerHeartbeatTime) - sent) < 5_000,
        'with the heartbeat time',
      );
      t.match(ready.object.status, { kubernetesVersion: 'v1.34.1', capacity: { cpu: '8' } });
      t.match(conditionIn(ready.object, 'HeartbeatHealthy'), { status: 'True' });
      const unknown = writes.seen.find((_, i) => readyOf(i)?.status === 'Unknown')!;
      t.match(conditionIn(unknown.object, 'Ready'), { reason: 'HeartbeatTimeout' });
      t.match(conditionIn(unknown.object, 'HeartbeatHealthy'), { status: 'Unknown', reason: 'HeartbeatTimeout' });
      // kcp keeps the Ready history the CRD's schema describes (an undescribed field would be pruned).
      const history = (unknown.object.status?.conditionHistory ?? []) as { status: string }[];
      t.same(
        history.slice(-2).map((h) => h.status),
        ['True', 'Unknown'],
        'the Ready history, as in tmc',
      );
    },
  );

  t.test('a label and spec change is mirrored; labels others set in kcp stay', async (t) => {
    await create('mirror-change', { env: 'prod', tier: 'gold' });
    const before = await mirrored('mirror-change', (o) => o.metadata.labels?.tier === 'gold', 'labelled');
    await kcp.objects.patchClusterCustomObject(
      {
        group: 'workload.kcp.io',
        version: 'v1alpha1',
        plural: 'synctargets',
        name: 'mirror-change',
        body: { metadata: { labels: { 'example.com/added-in-kcp': 'yes' } } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    t.equal(before.metadata.labels?.env, 'prod');
    const patch = {
      metadata: { labels: { env: 'dev', tier: null } },
      spec: { unschedulable: true, evictAfter: '2030-01-01T00:00:00Z' },
    };
    t.equal((await api.call('PATCH', `${ST_PATH}/mirror-change`, patch)).statusCode, 200);
    const after = await mirrored('mirror-change', (o) => o.spec?.unschedulable === true, 'cordoned');
    t.same(after.metadata.labels, { env: 'dev', 'example.com/added-in-kcp': 'yes', ...MANAGED });
    t.same(after.spec, { unschedulable: true, evictAfter: '2030-01-01T00:00:00Z' });
  });

  t.test("a deleted target's object is deleted", async (t) => {
    await create('mirror-deleted');
    await mirrored('mirror-deleted', () => true, 'exists');
    t.equal((await api.call('DELETE', `${ST_PATH}/mirror-deleted`)).statusCode, 200);
    await waitFor(async () => (await kcp.get('mirror-deleted')) === undefined, 'the object gone', 60_000);
    t.pass('deleted');
  });

  mirrorCases(t, world);
}
