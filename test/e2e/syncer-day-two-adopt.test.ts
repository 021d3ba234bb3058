// Day two on the real test cluster, the syncer's core (SyncEngine) driven with feed items as
// the control plane hands them: a running Deployment is adopted with no new ReplicaSet; Orphan
// leaves objects running without the ownership marks.
import type * as k8s from '@kubernetes/client-node';
import t from 'tap';
import type { FeedItem } from '../../src/syncer/upstream/feed-answer.js';
import { e2eCluster } from '../cluster/e2e-env.js';
import { engineOnCluster } from './syncer-engine.js';
import { until } from './syncer-helpers.js';
import { deployment, meta } from './syncer-day-two-items.js';

const cluster = e2eCluster(t);
if (cluster) {
  t.setTimeout(600_000);
  const { ns, target, core, apps, events, feed, report, state } = await engineOnCluster(
    t,
    cluster.kubeconfigPath,
    'day-two-adopt',
  );
  const readDeployment = (name: string) => apps.readNamespacedDeployment({ name, namespace: ns });
  await t.test('Adopt takes over a running Deployment in place: same uid, no new ReplicaSet', async (t) => {
    const legacy = deployment(ns, 'legacy', 2, 'legacy:1');
    const created = await apps.createNamespacedDeployment({
      namespace: ns,
      body: { metadata: { name: 'legacy' }, spec: legacy.spec as k8s.V1DeploymentSpec },
    });
    const rolledOut = await until('legacy rolled out', async () => {
      const d = await readDeployment('legacy');
      return d.status?.observedGeneration === d.metadata?.generation && d.status?.updatedReplicas === 2 && d;
    });
    const sets = async () =>
      (await apps.listNamespacedReplicaSet({ namespace: ns, labelSelector: 'app=legacy' })).items
        .map((rs) => rs.metadata?.name)
        .sort();
    const before = await sets();
    t.equal(before.length, 1);

    feed([...state.items, legacy]);
    const key = `Deployment.apps/${ns}/legacy`;
    const blocked = await report(key, (r) => r.state === 'Error');
    t.match(blocked.message, /conflictResolution: Adopt/, 'Abort by default, and the message says how to adopt');

    feed([
      ...state.items.filter((i) => i.metadata.name !== 'legacy'),
      deployment(ns, 'legacy', 2, 'legacy:1', { conflictResolution: 'Adopt' }),
    ]);
    const adopted = await report(key, (r) => r.state === 'Applied' && r.adopted === true);
    t.match(adopted.message, /^Adopted/);
    const after = await readDeployment('legacy');
    t.equal(after.metadata?.uid, created.metadata?.uid, 'the same object');
    // (Its generation moves: a Deployment counts annotation changes too.)
    t.same(after.spec, rolledOut.spec, 'its spec unchanged');
    t.equal(after.metadata?.labels?.['workload.kcp.io/sync-target'], target, "now marked as the syncer's");
    t.equal(after.metadata?.annotations?.['workload.kcp.io/sync-target'], target);
    // The controller has seen the adoption (its generation observed) and still has the one ReplicaSet.
    await until('the adoption observed', async () => {
      const d = await readDeployment('legacy');
      return d.status?.observedGeneration === d.metadata?.generation;
    });
    t.same(await sets(), before, 'no new ReplicaSet');
    t.same(events('prune', key), [], 'never deleted');
  });

  await t.test('Orphan: removing the objects leaves them running without the ownership marks', async (t) => {
    const keep = deployment(ns, 'keep', 1, 'keep:1', { deletionPolicy: 'Orphan' });
    const note: FeedItem = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta('note', ns, { deletionPolicy: 'Orphan' }),
      data: { a: '1' },
    };
    feed([...state.items, keep, note]);
    await report(`Deployment.apps/${ns}/keep`, (r) => r.state === 'Applied');
    await report(`ConfigMap/${ns}/note`, (r) => r.state === 'Applied');
    const placed = await readDeployment('keep');
    t.equal(placed.metadata?.annotations?.['workload.kcp.io/deletion-policy'], 'Orphan');

    feed(state.items.filter((i) => !['keep', 'note'].includes(i.metadata.name)));
    const released = await until('keep released', async () => {
      const d = await readDeployment('keep');
      return d.metadata?.labels?.['workload.kcp.io/sync-target'] === undefined && d;
    });
    t.equal(released.metadata?.uid, placed.metadata?.uid, 'still there, the same object');
    t.same(released.spec, placed.spec, 'its spec untouched');
    t.same(
      Object.keys(released.metadata?.annotations ?? {}).filter((k) => k.startsWith('workload.kcp.io/')),
      [],
      'no mark left',
    );
    const cm = await until('note released', async () => {
      const c = await core.readNamespacedConfigMap({ name: 'note', namespace: ns });
      return c.metadata?.labels?.['workload.kcp.io/sync-target'] === undefined && c;
    });
    t.same(cm.data, { a: '1' }, 'its data kept');
    t.same(
      [...events('prune', `Deployment.apps/${ns}/keep`), ...events('prune', `ConfigMap/${ns}/note`)],
      [],
      'nothing deleted',
    );
    t.equal(events('orphan', `Deployment.apps/${ns}/keep`).length, 1);

    feed([...state.items, deployment(ns, 'keep', 1, 'keep:1')]);
    const error = await report(`Deployment.apps/${ns}/keep`, (r) => r.state === 'Error');
    t.match(error.message, /not managed by tmc-syncer/, "placed again without Adopt, it is someone else's now");
  });
}
