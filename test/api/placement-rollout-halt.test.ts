// A rollout that halts, on both stores: the canary does not report the new generation Healthy
// within progressDeadlineSeconds, so the rollout halts there (RolloutHalted, the step Failed) and
// the other targets keep the previous image, even once the canary recovers, until a resume. With
// haltOnFailure false the rollout goes on past a failed step instead.
import t, { type Test } from 'tap';
import { forEachStore } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';
import { PLACEMENT_PATH } from '../helpers/workloads.js';
import { ROLLOUT_RESUMED_ANNOTATION } from '../../src/schemas/rollout.js';
import { halted, imagesAre, newImage, patchOk, report, setUp, stepStates, TARGETS } from './rollout-setup.js';

const EU = { 'eu-1': 'web:1', 'eu-2': 'web:1', 'eu-3': 'web:1' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function rolledOut(t: Test, rollout: Record<string, unknown>) {
  const app = await setUp(t, { maxUnavailableTargets: 3 });
  await imagesAre(app, { canary: 'web:1', 'eu-1': undefined, 'eu-2': undefined, 'eu-3': undefined });
  await report(app, 'canary', 1);
  await imagesAre(app, { canary: 'web:1', ...EU });
  for (const target of TARGETS.slice(1)) await report(app, target, 1);
  await waitFor(async () => (await halted(app))?.reason === 'RolloutComplete' || undefined, 'the first rollout');
  await patchOk(app, `${PLACEMENT_PATH()}/p`, { spec: { rollout } });
  return app;
}

forEachStore(t, (t) => {
  t.test('a step past its deadline halts the rollout until resumed', async (t) => {
    const app = await rolledOut(t, { progressDeadlineSeconds: 1 });
    await newImage(app, 'web:2');
    await imagesAre(app, { canary: 'web:2', ...EU });
    await report(app, 'canary', 2, 'Progressing');
    const condition = await waitFor(async () => {
      const c = await halted(app);
      return c?.status === 'True' && c;
    }, 'RolloutHalted');
    t.match(condition, {
      reason: 'ProgressDeadlineExceeded',
      message: /^Deployment web generation 2: step canary failed on canary \(not Healthy within 1s\)/,
    });
    t.match(condition.message, /tmc rollout resume/, 'the message says what to do next');
    t.same(await stepStates(app), ['canary:Failed:0/1', '*:Waiting:0/3']);

    // Healthy late: the halt stays (a person decides), and eu keeps web:1.
    await report(app, 'canary', 2);
    await sleep(1500);
    t.equal((await halted(app))?.status, 'True', 'still halted');
    await imagesAre(app, { canary: 'web:2', ...EU });

    await patchOk(app, `${PLACEMENT_PATH()}/p`, {
      metadata: { annotations: { [ROLLOUT_RESUMED_ANNOTATION]: new Date().toISOString() } },
    });
    await imagesAre(app, { canary: 'web:2', 'eu-1': 'web:2', 'eu-2': 'web:2', 'eu-3': 'web:2' });
    await waitFor(async () => (await halted(app))?.status === 'False' || undefined, 'the halt cleared');
  });

  t.test('haltOnFailure false goes on past a failed step', async (t) => {
    const app = await rolledOut(t, { progressDeadlineSeconds: 1, haltOnFailure: false });
    await newImage(app, 'web:2');
    await imagesAre(app, { canary: 'web:2', ...EU });
    await imagesAre(app, { canary: 'web:2', 'eu-1': 'web:2', 'eu-2': 'web:2', 'eu-3': 'web:2' });
    t.equal((await halted(app))?.status, 'False', 'not halted');
  });
});
