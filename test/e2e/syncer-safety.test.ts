// What the syncer must never do: touch a downstream object it does not own, or delete and
// change anything because its control plane went away. Through the real server, the real
// `tmc syncer` and the real cluster.
import t from 'tap';
import { e2eCluster } from '../cluster/e2e-env.js';
import {
  ControlPlane,
  deploymentManifest,
  deploymentsPath,
  downstream,
  recordEvents,
  startTargetSyncer,
  suffix,
  until,
  waitDownstream,
} from './syncer-helpers.js';

const cluster = e2eCluster(t);
if (cluster) {
  t.setTimeout(600_000);
  const ns = `sync-safe-${suffix()}`;
  const target = `safe-${suffix()}`;
  const { kc, apps, core } = downstream(cluster.kubeconfigPath);
  await core.createNamespace({ body: { metadata: { name: ns } } });
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

  await t.test('an unowned object of the same name is left alone and reported as Error', async (t) => {
    const foreign = await apps.createNamespacedDeployment({
      namespace: ns,
      body: deploymentManifest('taken', 1, 'registry.example/theirs:1'),
    });
    await plane.createDeployment(ns, 'taken', 3, 'registry.example/ours:1');
    const entry = await until('the Error entry', async () => {
      const e = await plane.entry(ns, 'taken', target);
      return e?.state === 'Error' && e;
    });
    t.match(entry.message, /already exists in namespace .* not managed by tmc-syncer .* delete or rename it/);
    t.equal(entry.availableReplicas, 0, "the foreign object's replicas are not reported as this target's");
    // Later upstream changes must not slip through either.
    await plane.ok('PATCH', `${deploymentsPath(ns)}/taken`, { spec: { replicas: 4 } }, 'application/merge-patch+json');
    await until(
      'the Error entry for generation 2',
      async () => (await plane.entry(ns, 'taken', target))?.observedGeneration === 2,
    );
    const now = await apps.readNamespacedDeployment({ name: 'taken', namespace: ns });
    t.equal(now.metadata?.uid, foreign.metadata?.uid, 'the same object');
    t.equal(now.metadata?.generation, foreign.metadata?.generation, 'its spec untouched');
    t.same(now.metadata?.labels, { app: 'taken' }, 'no label added');
    t.notOk(
      now.metadata?.managedFields?.some((f) => f.manager === 'tmc-syncer'),
      'no field ever written by tmc-syncer',
    );
    // Deleting it upstream must not delete theirs.
    await plane.ok('DELETE', `${deploymentsPath(ns)}/taken`);
    await plane.createDeployment(ns, 'marker', 1);
    await waitDownstream(kc, ns, 'marker', 'applied after the delete', (d) => d !== undefined);
    const still = await apps.readNamespacedDeployment({ name: 'taken', namespace: ns });
    t.equal(still.metadata?.uid, foreign.metadata?.uid, "not pruned: it was never the syncer's");
  });

  await t.test('with the server killed nothing is deleted or changed downstream, and the agent recovers', async (t) => {
    await plane.createDeployment(ns, 'survivor', 2);
    await waitDownstream(kc, ns, 'survivor', 'available', (d) => d?.status?.availableReplicas === 2);
    await until(
      'survivor reported Applied',
      async () => (await plane.entry(ns, 'survivor', target))?.state === 'Applied',
    );
    const before = await apps.listNamespacedDeployment({ namespace: ns });
    const recorder = await recordEvents(kc, ns);
    t.teardown(recorder.stop);

    const port = Number(new URL(plane.url).port);
    await plane.stop('SIGKILL');
    await syncer.logged(/"event":"feed-failed"/);
    // Long enough for several failed polls, heartbeats and back-offs.
    await until(
      'three failed feed polls',
      async () => (syncer.output().match(/"event":"feed-failed"/g) ?? []).length >= 3,
    );
    const during = await apps.listNamespacedDeployment({ namespace: ns });
    t.same(
      during.items.map((d) => [d.metadata?.name, d.metadata?.uid, d.metadata?.generation]).sort(),
      before.items.map((d) => [d.metadata?.name, d.metadata?.uid, d.metadata?.generation]).sort(),
      'every Deployment still there, unchanged',
    );
    t.same(
      recorder.events.filter((e) => e.type === 'DELETED'),
      [],
      'no delete seen by a watch during the outage',
    );

    await plane.restart(port);
    await syncer.logged(/"event":"feed-recovered"/);
    await plane.ok(
      'PATCH',
      `${deploymentsPath(ns)}/survivor`,
      { spec: { replicas: 1 } },
      'application/merge-patch+json',
    );
    await waitDownstream(kc, ns, 'survivor', 'scaled to 1 after the restart', (d) => d?.spec?.replicas === 1);
    await until('generation 2 reported after the restart', async () => {
      const e = await plane.entry(ns, 'survivor', target);
      return e?.state === 'Applied' && e.observedGeneration === 2 && e.availableReplicas === 1;
    });
    t.same(
      recorder.events.filter((e) => e.type === 'DELETED'),
      [],
      'and nothing deleted on the way back',
    );
    t.equal(
      syncer.pid > 0 && (await Promise.race([syncer.exited, Promise.resolve('running')])),
      'running',
      'the same syncer process throughout',
    );
  });
}
