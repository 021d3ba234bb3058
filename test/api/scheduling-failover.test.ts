// Application failover on both stores: a Deployment that simulated agents report unhealthy on a
// Ready target for tolerationSeconds (1 here: the timer runs from the stored unhealthySince) moves
// to another candidate; Graceful keeps the old copy until the new one reports Healthy, and the
// Placement's FailedOver condition names the move.
import t, { type Test } from 'tap';
import { ST_PATH, syncTarget, testApp, type TestApp } from '../helpers/app.js';
import { forEachStore } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';
import {
  DEPLOY_PATH,
  PLACEMENT_PATH,
  STATUS_PATH,
  createOk,
  deployment,
  entriesOf,
  keepReady,
  placedOn,
  placement,
  schedulerIdle,
} from '../helpers/workloads.js';

const report = (state: 'Healthy' | 'Degraded') => ({
  observedGeneration: 1,
  state: 'Applied',
  health: { state, reason: state === 'Healthy' ? 'RolledOut' : 'ProgressDeadlineExceeded' },
  status: { replicas: 1, readyReplicas: state === 'Healthy' ? 1 : 0, availableReplicas: 0, updatedReplicas: 1 },
});

async function setUp(t: Test, purgeMode: string): Promise<{ app: TestApp; home: string; other: string }> {
  const app = await testApp(t);
  for (const name of ['a', 'b']) await createOk(app, ST_PATH, syncTarget(name, { pool: 'edge' }));
  const stops = ['a', 'b'].map((n) => keepReady(app, n));
  t.teardown(() => {
    for (const stop of stops) stop();
  });
  await createOk(app, DEPLOY_PATH(), deployment('web'));
  await createOk(
    app,
    PLACEMENT_PATH(),
    placement('p', {
      syncTargetSelector: { matchLabels: { pool: 'edge' } },
      numberOfSyncTargets: 1,
      failover: { tolerationSeconds: 1, purgeMode },
    }),
  );
  const [home] = await waitFor(async () => {
    const on = await placedOn(app, 'web');
    return on.length === 1 ? on : undefined;
  }, 'web placed on one target');
  return { app, home: home!, other: home === 'a' ? 'b' : 'a' };
}

const put = async (app: TestApp, target: string, state: 'Healthy' | 'Degraded') => {
  const reply = await app.call('PUT', STATUS_PATH(target, 'default', 'web'), report(state));
  if (reply.statusCode !== 200) throw new Error(`report: ${reply.statusCode} ${reply.body}`);
};

forEachStore(t, (t) => {
  t.test('Graceful: moves after the toleration, keeps the old copy until the new one is Healthy', async (t) => {
    const { app, home, other } = await setUp(t, 'Graceful');
    await put(app, home, 'Degraded');
    const moved = await waitFor(async () => {
      const entries = await entriesOf(app, 'web');
      return entries.length === 2 ? entries : undefined;
    }, 'web also on the other target');
    t.match(
      moved.find((e) => e.name === home),
      { failedOver: true },
    );
    t.match(
      moved.find((e) => e.name === other),
      { failedOverFrom: [home] },
    );
    const cond = await waitFor(async () => {
      const c = (await app.call('GET', `${PLACEMENT_PATH()}/p`)).json.status?.conditions?.find(
        (c: { type: string; status: string }) => c.type === 'FailedOver' && c.status === 'True',
      );
      return c;
    }, 'FailedOver condition');
    t.match(cond, { reason: 'ApplicationUnhealthy', message: `Deployment web from ${home} to ${other}` });
    await put(app, other, 'Degraded');
    await schedulerIdle(app);
    t.same((await placedOn(app, 'web')).length, 2, 'the old copy stays while the new one is not Healthy');
    await put(app, other, 'Healthy');
    await waitFor(async () => {
      const on = await placedOn(app, 'web');
      return on.length === 1 && on[0] === other;
    }, 'the old copy removed once the new one is Healthy');
  });

  t.test('Immediately: the old copy goes at once', async (t) => {
    const { app, home, other } = await setUp(t, 'Immediately');
    await put(app, home, 'Healthy');
    await put(app, home, 'Degraded');
    await waitFor(async () => {
      const on = await placedOn(app, 'web');
      return on.length === 1 && on[0] === other;
    }, 'web moved to the other target only');
  });

  t.test('failover without numberOfSyncTargets is refused (422) and nothing is created', async (t) => {
    const app = await testApp(t);
    const reply = await app.call(
      'POST',
      PLACEMENT_PATH(),
      placement('bad', { syncTargetSelector: {}, failover: { tolerationSeconds: 1 } }),
    );
    t.equal(reply.statusCode, 422, reply.body);
    t.equal(reply.json.kind, 'Status');
    t.equal((await app.call('GET', `${PLACEMENT_PATH()}/bad`)).statusCode, 404);
  });
});
