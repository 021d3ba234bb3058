// `kubectl rollout status` against a real `tmc server`: it waits until the Deployment's status
// says its generation was observed and every replica is of it, as the apps/v1 controller's status
// would. An agent's reports (sent here with the admin token) make that true per SyncTarget; a
// template change is not rolled out until the target reports applying the new generation.
import t from 'tap';
import { ST, deploymentsPath } from './control-plane.js';
import { kubectlOnTmc, kubectlOrSkip } from './kubectl-tmc.js';

const counts = (n: number) => ({ replicas: n, updatedReplicas: n, readyReplicas: n, availableReplicas: n });

const kubectlBin = await kubectlOrSkip(t);
if (kubectlBin) {
  await t.test('kubectl rollout status follows the reports of the generation it asks about', async (t) => {
    const { plane, run } = await kubectlOnTmc(t, kubectlBin);
    await plane.target('north', 'shop');
    await plane.ok('POST', `${ST}/north/heartbeat`, {});
    await plane.createDeployment('shop', 'web', 2);
    const report = (generation: number) =>
      plane.ok('PUT', `${ST}/north/deployments/shop/web/status`, {
        observedGeneration: generation,
        state: 'Applied',
        status: counts(2),
      });
    const status = (timeout: string) => run('rollout', 'status', 'deployment/web', `--timeout=${timeout}`);
    for (let i = 0; i < 100 && !(await plane.entry('shop', 'web', 'north')); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    /** Rolled out only once `generation` is reported; waiting for it before that times out. */
    const rolledOutWith = async (generation: number, why: string) => {
      const waiting = await status('2s');
      t.not(waiting.code, 0, why);
      t.match(waiting.stdout, /0 out of 2 new replicas have been updated/);
      await report(generation);
      const done = await status('30s');
      t.equal(done.code, 0, done.stderr);
      t.match(done.stdout, /deployment "web" successfully rolled out/);
    };

    await rolledOutWith(1, 'nothing reported yet: not rolled out');
    await run('set', 'image', 'deployment/web', 'main=registry.example/web:2');
    const stored = await plane.ok('GET', `${deploymentsPath('shop')}/web`);
    t.equal(stored.metadata.generation, 2);
    await rolledOutWith(2, 'the target still runs generation 1');
    t.match((await plane.ok('GET', `${deploymentsPath('shop')}/web`)).status, {
      observedGeneration: 2,
      updatedReplicas: 2,
    });
  });
}
