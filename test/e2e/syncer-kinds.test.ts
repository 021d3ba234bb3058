// The syncer with a whole application of several kinds, on the real test cluster: its core
// (SyncEngine: REST mapper, owned watches, reconciler) driven with desired objects as the feed
// hands them, and reports caught as the status reporter would send them. Applied in dependency
// order; someone else's object of the same name left alone and reported Error; a removed
// object pruned (workloads before what they use); drift on a ConfigMap reverted; the health
// of every kind in the reports.
import * as k8s from '@kubernetes/client-node';
import t from 'tap';
import type { FeedItem } from '../../src/syncer/upstream/feed-answer.js';
import { rankOf } from '../../src/schemas/apply-order.js';
import { splitKey } from '../../src/syncer/types.js';
import { e2eCluster } from '../cluster/e2e-env.js';
import { engineOnCluster } from './syncer-engine.js';
import { until } from './syncer-helpers.js';
import { application, SECRET_VALUE } from './syncer-kinds-app.js';

const cluster = e2eCluster(t);
if (cluster) {
  t.setTimeout(600_000);
  const { ns, kc, core, lines, events, feed, report, reports } = await engineOnCluster(
    t,
    cluster.kubeconfigPath,
    'sync-kinds',
  );

  // Someone else's ConfigMap, made before the syncer ever heard of one of that name.
  const foreign = await core.createNamespacedConfigMap({
    namespace: ns,
    body: { metadata: { name: 'taken' }, data: { theirs: 'yes' } },
  });
  const app = application(ns);
  feed(app);

  await t.test('applied in dependency order, whatever the order of the feed', async (t) => {
    for (const item of app.filter((i) => i.metadata.name !== 'taken')) {
      await report(keyOfItem(item), (r) => r.state === 'Applied');
    }
    const created = events('apply')
      .filter((e) => e.reason === 'create')
      .map((e) => splitKey(e.key).groupKind);
    t.equal(created.length, app.length - 1, `every object created once: ${created.join(', ')}`);
    const ranks = created.map(rankOf);
    t.same(
      ranks,
      [...ranks].sort((a, b) => a - b),
      'each rank created after every lower one',
    );
    t.ok(
      created.indexOf('ConfigMap') < created.indexOf('Deployment.apps'),
      'the ConfigMap before the Deployment that mounts it',
    );
    t.notMatch(
      lines.join(''),
      new RegExp(`${SECRET_VALUE}|${Buffer.from(SECRET_VALUE).toString('base64')}`),
      "no line shows the Secret's value",
    );
  });

  await t.test("someone else's object of the same name is left alone and reported Error", async (t) => {
    const entry = await report(`ConfigMap/${ns}/taken`, (r) => r.state === 'Error');
    t.match(
      entry.message,
      /^configmaps "taken" already exists in namespace .* not managed by tmc-syncer .* stop placing this ConfigMap/,
    );
    t.same(entry.status, {}, 'nothing of theirs reported');
    const now = await core.readNamespacedConfigMap({ name: 'taken', namespace: ns });
    t.equal(now.metadata?.uid, foreign.metadata?.uid);
    t.same(now.data, { theirs: 'yes' }, 'its data untouched');
    t.notOk(
      now.metadata?.managedFields?.some((f) => f.manager === 'tmc-syncer'),
      'no field written by tmc-syncer',
    );
  });

  await t.test('the health of each kind reaches the status report', async (t) => {
    const health = async (key: string, state: string, reason: string | RegExp) => {
      const r = await report(key, (r) => r.health.state === state);
      t.match(r.health, { state, reason }, `${key}: ${JSON.stringify(r.health)}`);
      return r;
    };
    await health(`ConfigMap/${ns}/settings`, 'Healthy', 'Exists');
    const svc = await health(`Service/${ns}/web`, 'Healthy', 'ClusterIP');
    t.same(svc.status, { loadBalancer: {} }, "the Service's own status");
    await health(`CronJob.batch/${ns}/tick`, 'Healthy', 'NotScheduledYet');
    const deployment = await health(`Deployment.apps/${ns}/web`, 'Healthy', 'RolledOut');
    t.equal(deployment.status.availableReplicas, 2, "the Deployment's status as today");
    const sts = await health(`StatefulSet.apps/${ns}/db`, 'Healthy', 'RolledOut');
    t.equal(sts.status.readyReplicas, 1, "the StatefulSet's own status");
    t.notOk('observedGeneration' in sts.status, 'the downstream generation stays behind');
  });

  await t.test('drift on a ConfigMap is reverted', async (t) => {
    await core.patchNamespacedConfigMap(
      { name: 'settings', namespace: ns, body: { data: { 'app.conf': 'edited by hand' } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    const reverted = await until('the ConfigMap back as desired', async () => {
      const cm = await core.readNamespacedConfigMap({ name: 'settings', namespace: ns });
      return cm.data?.['app.conf'] === 'mode=fast\n' && cm;
    });
    t.ok(reverted);
    // The line is written once the apply returns, which may be after the read above sees the result.
    const logged = () => events('drift-corrected').filter((e) => e.key === `ConfigMap/${ns}/settings`);
    await until('the correction logged', async () => logged().length > 0);
    const corrected = logged();
    t.same(
      corrected.map((e) => e.fields),
      [['data.app.conf']],
      'logged once, with the path and not the value',
    );
  });

  await t.test('removing objects prunes them, workloads before what they use, and nothing else', async (t) => {
    // The same set, lower kinds listed first: the removals below then reach the queue
    // ConfigMap and Secret before the Deployment, so only the order rule puts it first.
    t.equal(feed([...app].reverse()), 0, 'a reordered feed changes nothing');
    const leaving = (i: FeedItem) =>
      (i.kind === 'Deployment' && i.metadata.name === 'web') || ['settings', 'creds'].includes(i.metadata.name);
    feed([...app].reverse().filter((i) => !leaving(i)));
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    await until('the Deployment, ConfigMap and Secret gone', async () => {
      const absent = (read: Promise<unknown>) =>
        read.then(
          () => false,
          () => true,
        );
      const gone = await Promise.all([
        absent(apps.readNamespacedDeployment({ name: 'web', namespace: ns })),
        absent(core.readNamespacedConfigMap({ name: 'settings', namespace: ns })),
        absent(core.readNamespacedSecret({ name: 'creds', namespace: ns })),
      ]);
      return gone.every(Boolean);
    });
    const pruned = events('prune').map((e) => splitKey(e.key).groupKind);
    t.equal(pruned[0], 'Deployment.apps', `the Deployment first: ${pruned.join(', ')}`);
    t.same(pruned.slice(1).sort(), ['ConfigMap', 'Secret'], 'then what it used');
    t.ok(await core.readNamespacedService({ name: 'web', namespace: ns }), 'the Service of the same name stays');
    t.equal(
      (await core.readNamespacedConfigMap({ name: 'taken', namespace: ns })).metadata?.uid,
      foreign.metadata?.uid,
      'theirs stays',
    );
    t.notOk(reports.has(`Deployment.apps/${ns}/web`), 'no more reports for what left');
  });
}

function keyOfItem(item: FeedItem): string {
  const group = item.apiVersion.includes('/') ? `.${item.apiVersion.split('/')[0]}` : '';
  return `${item.kind}${group}/${item.metadata.namespace}/${item.metadata.name}`;
}
