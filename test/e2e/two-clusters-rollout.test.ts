// An application on two real clusters at once (two-clusters.ts), through the real `tmc server`,
// two real `tmc syncer` processes and the real `tmc` CLI: an Override gives cluster `eu` its own
// image registry and replica count; a new image rolls out canary first, then eu; an image that
// never becomes ready (the test cluster's kwok leaves pods of "never-ready" images unready) halts
// the rollout after the canary and leaves eu on the previous image until it is fixed and resumed.
import t from 'tap';
import { e2eCluster } from '../cluster/e2e-env.js';
import { deploymentsPath, EU_REGISTRY_OVERRIDE, suffix, until } from './syncer-helpers.js';
import { cleanUp, imageOn, twoClusters } from './two-clusters.js';

const cluster = e2eCluster(t);
if (cluster) {
  t.setTimeout(900_000);
  const { plane, canary, eu, tmc } = await twoClusters(t, cluster);
  const ns = `rollout-${suffix()}`;
  cleanUp(t, ns, [canary, eu]);
  const scheduling = `/apis/scheduling.kcp.io/v1alpha1/namespaces/${ns}`;
  await plane.createDeployment(ns, 'web', 1, 'registry.example/web:1');
  await plane.ok('POST', `${scheduling}/overrides`, EU_REGISTRY_OVERRIDE);
  const rollout = { order: ['role=canary', '*'], maxUnavailableTargets: 1, pauseBetweenSteps: '5s' };
  await plane.ok('POST', `${scheduling}/placements`, {
    apiVersion: 'scheduling.kcp.io/v1alpha1',
    kind: 'Placement',
    metadata: { name: 'web' },
    spec: {
      syncTargetSelector: { matchLabels: { env: 'prod' } },
      rollout: { ...rollout, progressDeadlineSeconds: 20 },
    },
  });
  const setImage = (image: string) =>
    plane.ok(
      'PATCH',
      `${deploymentsPath(ns)}/web`,
      { spec: { template: { spec: { containers: [{ name: 'main', image }] } } } },
      'application/strategic-merge-patch+json',
    );
  const images = async () => ({ canary: await imageOn(canary, ns, 'web'), eu: await imageOn(eu, ns, 'web') });
  const imagesAre = (want: { canary: string; eu: string }) =>
    until(`images ${JSON.stringify(want)}`, async () => {
      const now = await images();
      return now.canary === want.canary && now.eu === want.eu && now;
    });

  await t.test('an Override changes the real Deployment on eu only', async (t) => {
    await imagesAre({ canary: 'registry.example/web:1', eu: 'eu.registry.example/web:1' });
    const onCanary = await canary.clients.apps.readNamespacedDeployment({ name: 'web', namespace: ns });
    const onEu = await eu.clients.apps.readNamespacedDeployment({ name: 'web', namespace: ns });
    t.equal(onCanary.spec?.replicas, 1, 'canary: the stored replicas');
    t.equal(onEu.spec?.replicas, 2, 'eu: the replicas of the Override');
  });

  await t.test('a new image reaches the canary first, then eu', async (t) => {
    await setImage('registry.example/web:2');
    // Sampled until eu has it: the canary must have had it first, with eu still on the old image
    // for a while (the 5 s pause after the canary step).
    const started = Date.now();
    const seen: { canary?: string; eu?: string; at?: number }[] = [];
    await until(
      'eu to run web:2',
      async () => {
        const now = await images();
        seen.push({ ...now, at: Date.now() - started });
        return now.eu === 'eu.registry.example/web:2';
      },
      180_000,
    );
    t.ok(
      seen.some((s) => s.canary === 'registry.example/web:2' && s.eu === 'eu.registry.example/web:1'),
      'a moment with the canary on web:2 and eu still on web:1',
      { seen },
    );
    t.notOk(
      seen.some((s) => s.eu === 'eu.registry.example/web:2' && s.canary !== 'registry.example/web:2'),
      'eu never ahead of the canary',
    );
    const status = await tmc(['rollout', 'status', 'web', '-n', ns, '--timeout', '2m']);
    t.equal(status.code, 0, status.output);
    t.match(status.output, /placement\/web: rollout complete/);
    t.match(status.output, /canary/, 'the steps are shown');
  });

  await t.test(
    'an image that never becomes ready halts after the canary; fixed and resumed, it completes',
    async (t) => {
      await setImage('registry.example/never-ready:3');
      await until('the canary to get the broken image', async () => (await images()).canary?.endsWith('never-ready:3'));
      const halted = await until(
        'RolloutHalted',
        async () => {
          const placement = await plane.ok('GET', `${scheduling}/placements/web`);
          const c = placement.status?.conditions?.find((x: { type: string }) => x.type === 'RolloutHalted');
          return c?.status === 'True' && c;
        },
        180_000,
      );
      t.equal(halted.reason, 'ProgressDeadlineExceeded');
      t.match(halted.message, new RegExp(`step role=canary failed on ${canary.name}`));
      t.equal((await images()).eu, 'eu.registry.example/web:2', 'eu stays on the last good image');
      const status = await tmc(['rollout', 'status', 'web', '-n', ns]);
      t.equal(status.code, 1, 'rollout status exits 1 on a halt');
      t.match(status.output, /rollout halted: .*ProgressDeadlineExceeded|rollout halted/);
      t.match(status.output, /tmc rollout resume web -n/, 'and says what to do next');

      await setImage('registry.example/web:4');
      const resumed = await tmc(['rollout', 'resume', 'web', '-n', ns]);
      t.equal(resumed.code, 0, resumed.output);
      await until(
        'both clusters on web:4',
        async () => {
          const now = await images();
          return now.canary === 'registry.example/web:4' && now.eu === 'eu.registry.example/web:4';
        },
        180_000,
      );
      t.pass('both clusters run web:4, eu with its own registry');
    },
  );
}
