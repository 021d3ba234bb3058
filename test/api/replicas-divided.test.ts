// Divided replicas through HTTP with simulated agents: each target's feed carries its share of
// spec.replicas, weights shift the shares, a target that leaves hands its share on, and the
// Deployment's status sums the agents' reports back to spec.replicas.
import t from 'tap';
import { ST_PATH, type TestApp, syncTarget, testApp } from '../helpers/app.js';
import { forEachStore } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';
import {
  DEPLOY_PATH,
  PLACEMENT_PATH,
  STATUS_PATH,
  createOk,
  deployment,
  feedNow,
  heartbeat,
  placement,
  waitPlaced,
} from '../helpers/workloads.js';

/** Each target's spec.replicas of Deployment web in its feed, once they are `want`. */
async function feedShares(app: TestApp, want: Record<string, number>): Promise<void> {
  let last: Record<string, unknown> = {};
  await waitFor(
    async () => {
      last = {};
      for (const target of Object.keys(want)) {
        const item = (await feedNow(app, target)).items.find((i) => i.metadata.name === 'web');
        last[target] = item?.spec?.replicas;
      }
      return JSON.stringify(last) === JSON.stringify(want);
    },
    `feed shares ${JSON.stringify(want)} (last: ${JSON.stringify(last)})`,
  );
}

async function threeTargets(app: TestApp, labels: Record<string, Record<string, string>> = {}): Promise<void> {
  for (const name of ['a', 'b', 'c']) {
    await createOk(app, ST_PATH, syncTarget(name, labels[name]));
    await heartbeat(app, name);
  }
}

forEachStore(t, (t) => {
  t.test('10 replicas over three targets: 4/3/3, the aggregate sums back to 10, a leaver hands on', async (t) => {
    const app = await testApp(t);
    await threeTargets(app);
    await createOk(
      app,
      PLACEMENT_PATH(),
      placement('all', { syncTargetSelector: {}, replicaScheduling: { type: 'Divided' } }),
    );
    await createOk(app, DEPLOY_PATH(), deployment('web', {}, { replicas: 10 }));
    await waitPlaced(app, 'web', ['a', 'b', 'c']);
    await feedShares(app, { a: 4, b: 3, c: 3 });
    const { json } = await app.call('GET', `${DEPLOY_PATH()}/web`);
    t.same(
      json.status.syncTargets.map((e: any) => [e.name, e.desiredReplicas]),
      [
        ['a', 4],
        ['b', 3],
        ['c', 3],
      ],
      'the status says each share',
    );
    t.equal(json.spec.replicas, 10, 'the object itself keeps its replicas');

    for (const [name, share] of [
      ['a', 4],
      ['b', 3],
      ['c', 3],
    ] as const) {
      const report = await app.call('PUT', STATUS_PATH(name, 'default', 'web'), {
        observedGeneration: 1,
        state: 'Applied',
        status: { replicas: share, updatedReplicas: share, readyReplicas: share, availableReplicas: share },
      });
      t.equal(report.statusCode, 200, `${name} reports`);
    }
    const summed = await waitFor(async () => {
      const { json: d } = await app.call('GET', `${DEPLOY_PATH()}/web`);
      return d.status.availableReplicas === 10 && d.status;
    }, 'the aggregate available replicas to reach 10');
    t.equal(summed.replicas, 10);

    await app.call('DELETE', `${ST_PATH}/c`);
    await waitPlaced(app, 'web', ['a', 'b']);
    await feedShares(app, { a: 5, b: 5 });
  });

  t.test('weights by name and by label divide in proportion; Duplicated leaves replicas whole', async (t) => {
    const app = await testApp(t);
    await threeTargets(app, { a: { tier: 'big' }, b: { tier: 'small' }, c: { tier: 'small' } });
    const weights = [
      { name: 'a', weight: 3 },
      { targetSelector: { matchLabels: { tier: 'small' } }, weight: 1 },
    ];
    await createOk(
      app,
      PLACEMENT_PATH(),
      placement('all', { syncTargetSelector: {}, replicaScheduling: { type: 'Divided', weights } }),
    );
    await createOk(app, DEPLOY_PATH(), deployment('web', {}, { replicas: 10 }));
    await feedShares(app, { a: 6, b: 2, c: 2 });
    await app.call('PATCH', `${PLACEMENT_PATH()}/all`, { spec: { replicaScheduling: { type: 'Duplicated' } } });
    await feedShares(app, { a: 10, b: 10, c: 10 });
  });

  t.test('a malformed replicaScheduling is refused with a Status', async (t) => {
    const app = await testApp(t);
    const reply = await app.call(
      'POST',
      PLACEMENT_PATH(),
      placement('bad', { syncTargetSelector: {}, replicaScheduling: { type: 'Halved' } }),
    );
    t.equal(reply.statusCode, 422);
    t.equal(reply.json.kind, 'Status');
  });
});
