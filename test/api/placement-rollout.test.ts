// A Placement's rollout, on both stores, with the tests as the agents of four targets: each
// generation of web reaches canary first, then the rest at most maxUnavailableTargets at a time,
// each only once the targets before report it Healthy; targets not reached yet keep the
// generation they had (held, as a suspended target is). status.rollout counts each step.
import t from 'tap';
import { forEachStore } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';
import { imagesAre, newImage, report, setUp, stepStates } from './rollout-setup.js';

forEachStore(t, (t) => {
  t.test('steps in order, at most maxUnavailableTargets at a time', async (t) => {
    const app = await setUp(t, { maxUnavailableTargets: 2 });
    // The first generation rolls out too: only canary gets web at first.
    await imagesAre(app, { canary: 'web:1', 'eu-1': undefined, 'eu-2': undefined, 'eu-3': undefined });
    await waitFor(
      async () => (await stepStates(app)).join() === 'canary:Progressing:0/1,*:Waiting:0/3' || undefined,
      'steps',
    );
    await report(app, 'canary', 1);
    await imagesAre(app, { canary: 'web:1', 'eu-1': 'web:1', 'eu-2': 'web:1', 'eu-3': undefined });
    await report(app, 'eu-1', 1);
    await imagesAre(app, { canary: 'web:1', 'eu-1': 'web:1', 'eu-2': 'web:1', 'eu-3': 'web:1' });
    await report(app, 'eu-2', 1);
    await report(app, 'eu-3', 1);
    await waitFor(
      async () => (await stepStates(app)).join() === 'canary:Complete:1/1,*:Complete:3/3' || undefined,
      'done',
    );

    // A new image: every target keeps web:1 but canary.
    await newImage(app, 'web:2');
    await imagesAre(app, { canary: 'web:2', 'eu-1': 'web:1', 'eu-2': 'web:1', 'eu-3': 'web:1' });
    await report(app, 'canary', 2, 'Progressing');
    t.same(
      (await stepStates(app)).join(),
      'canary:Progressing:0/1,*:Waiting:0/3',
      'a Progressing report does not move on',
    );
    await imagesAre(app, { canary: 'web:2', 'eu-1': 'web:1', 'eu-2': 'web:1', 'eu-3': 'web:1' });
    await report(app, 'canary', 2);
    await imagesAre(app, { canary: 'web:2', 'eu-1': 'web:2', 'eu-2': 'web:2', 'eu-3': 'web:1' });
    await report(app, 'eu-2', 2);
    await imagesAre(app, { canary: 'web:2', 'eu-1': 'web:2', 'eu-2': 'web:2', 'eu-3': 'web:2' });
    await waitFor(
      async () => (await stepStates(app)).join() === 'canary:Complete:1/1,*:Progressing:1/3' || undefined,
      'counts',
    );
  });

  t.test('a percentage, and the pause between steps', async (t) => {
    const app = await setUp(t, { maxUnavailableTargets: '50%', pauseBetweenSteps: '2s' });
    await imagesAre(app, { canary: 'web:1', 'eu-1': undefined, 'eu-2': undefined, 'eu-3': undefined });
    await report(app, 'canary', 1);
    const healthyAt = Date.now();
    await waitFor(
      async () => (await stepStates(app)).join() === 'canary:Complete:1/1,*:Paused:0/3' || undefined,
      'paused',
    );
    await imagesAre(app, { canary: 'web:1', 'eu-1': undefined, 'eu-2': undefined, 'eu-3': undefined });
    // 50% of four targets is two.
    await imagesAre(app, { canary: 'web:1', 'eu-1': 'web:1', 'eu-2': 'web:1', 'eu-3': undefined });
    t.ok(Date.now() - healthyAt >= 1900, 'the rest waited out the pause');
  });

  t.test('a new generation while a later step is still progressing goes through the steps again', async (t) => {
    const app = await setUp(t, { maxUnavailableTargets: 2 });
    await imagesAre(app, { canary: 'web:1', 'eu-1': undefined, 'eu-2': undefined, 'eu-3': undefined });
    await report(app, 'canary', 1);
    await imagesAre(app, { canary: 'web:1', 'eu-1': 'web:1', 'eu-2': 'web:1', 'eu-3': undefined });
    // eu-1 and eu-2 are still taking web:1 when web:2 comes: they keep web:1 until the canary has web:2.
    await newImage(app, 'web:2');
    await imagesAre(app, { canary: 'web:2', 'eu-1': 'web:1', 'eu-2': 'web:1', 'eu-3': undefined });
    const eu1 = (
      await app.call('GET', '/apis/apps/v1/namespaces/default/deployments/web')
    ).json.status.syncTargets.find((e: { name: string }) => e.name === 'eu-1');
    t.match(eu1.hold, { reason: 'Rollout', generation: 1 }, 'held at the generation it was given');
    await report(app, 'canary', 2);
    await imagesAre(app, { canary: 'web:2', 'eu-1': 'web:2', 'eu-2': 'web:2', 'eu-3': undefined });
  });
});
