// numberOfSyncTargets: Ready targets first, a deterministic and stable choice, and failover
// off a target that stays not Ready past the eviction grace (short here, through config).
import t from 'tap';
import { ST_PATH, syncTarget, testApp, type TestApp } from '../helpers/app.js';
import { byRank, rankOf } from '../helpers/spread-rank.js';
import { waitFor } from '../helpers/wait.js';
import {
  DEPLOY_PATH,
  PLACEMENT_PATH,
  createOk,
  deployment,
  entriesOf,
  heartbeat,
  keepReady,
  placedOn,
  placement,
  readyStatus,
  schedulerIdle,
  waitPlaced,
} from '../helpers/workloads.js';

async function targets(app: TestApp, names: string[], ready: string[] = names): Promise<void> {
  for (const name of names) await createOk(app, ST_PATH, syncTarget(name, { pool: 'edge' }));
  for (const name of ready) await heartbeat(app, name);
}

const byPlacement = async (app: TestApp, deployments: string[]) => {
  const result: Record<string, string[]> = {};
  for (const d of deployments) result[d] = await placedOn(app, d);
  return result;
};

async function settled(app: TestApp, deployments: string[], count: number): Promise<Record<string, string[]>> {
  return waitFor(async () => {
    const placed = await byPlacement(app, deployments);
    return Object.values(placed).every((p) => p.length === count) ? placed : undefined;
  }, `every Deployment on ${count} targets`);
}

t.test('with numberOfSyncTargets, Ready targets are chosen first', async (t) => {
  const app = await testApp(t);
  await targets(app, ['t1', 't2', 't3', 't4', 't5'], ['t2', 't4']);
  await createOk(app, DEPLOY_PATH(), deployment('web'));
  await createOk(
    app,
    PLACEMENT_PATH(),
    placement('two', { syncTargetSelector: { matchLabels: { pool: 'edge' } }, numberOfSyncTargets: 2 }),
  );
  await waitPlaced(app, 'web', ['t2', 't4']);
});

t.test('the choice is deterministic: the same inputs give the same placements, spread by a stable hash', async (t) => {
  const names = ['t1', 't2', 't3', 't4', 't5'];
  const deployments = ['d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7'];
  const run = async () => {
    const app = await testApp(t);
    await targets(app, names);
    for (const d of deployments) await createOk(app, DEPLOY_PATH(), deployment(d));
    await createOk(app, PLACEMENT_PATH(), placement('one', { syncTargetSelector: {}, numberOfSyncTargets: 1 }));
    return settled(app, deployments, 1);
  };
  const first = await run();
  const second = await run();
  t.same(second, first, 'two servers with the same state choose the same');
  for (const d of deployments) {
    t.same(first[d], [byRank(`default/${d}`, names)[0]], `${d} goes to the best-ranked Ready target`);
  }
  t.ok(new Set(Object.values(first).map((p) => p[0])).size > 1, 'Deployments are spread over several targets');
});

t.test('a healthy placement never moves because something unrelated changed', async (t) => {
  const app = await testApp(t);
  await targets(app, ['t1', 't2', 't3']);
  await createOk(app, DEPLOY_PATH(), deployment('web'));
  await createOk(
    app,
    PLACEMENT_PATH(),
    placement('one', { syncTargetSelector: { matchLabels: { pool: 'edge' } }, numberOfSyncTargets: 1 }),
  );
  const [home] = (await settled(app, ['web'], 1)).web!;
  // A new target that outranks the current one for this Deployment: a fresh choice would take it.
  const newcomer = Array.from({ length: 200 }, (_, i) => `n${i}`).find(
    (n) => rankOf('default/web', n) < rankOf('default/web', home!),
  )!;
  await targets(app, [newcomer]);
  await app.call('PATCH', `${ST_PATH}/t1`, { metadata: { labels: { pool: 'edge', note: 'relabelled' } } });
  await createOk(app, DEPLOY_PATH(), deployment('other'));
  await settled(app, ['other'], 1);
  await schedulerIdle(app);
  t.same(await placedOn(app, 'web'), [home], `web stays on ${home}`);
});

t.test('lowering numberOfSyncTargets trims, raising it adds', async (t) => {
  const app = await testApp(t);
  await targets(app, ['t1', 't2', 't3', 't4']);
  await createOk(app, DEPLOY_PATH(), deployment('web'));
  await createOk(app, PLACEMENT_PATH(), placement('p', { syncTargetSelector: {}, numberOfSyncTargets: 3 }));
  const three = (await settled(app, ['web'], 3)).web!;
  await app.call('PATCH', `${PLACEMENT_PATH()}/p`, { spec: { numberOfSyncTargets: 1 } });
  const one = (await settled(app, ['web'], 1)).web!;
  t.ok(three.includes(one[0]!), 'the one kept is one of the three');
  await app.call('PATCH', `${PLACEMENT_PATH()}/p`, { spec: { numberOfSyncTargets: 4 } });
  await waitPlaced(app, 'web', ['t1', 't2', 't3', 't4']);
});

t.test(
  'failover: a target not Ready for longer than the eviction grace loses its Deployment to a Ready one',
  async (t) => {
    const app = await testApp(t, { heartbeatIntervalMs: 250, heartbeatThresholdMs: 2000, evictionGraceMs: 1500 });
    await targets(app, ['t1', 't2', 't3']);
    const stops = new Map(['t1', 't2', 't3'].map((n) => [n, keepReady(app, n)]));
    t.teardown(() => {
      for (const stop of stops.values()) stop();
    });
    await createOk(app, DEPLOY_PATH(), deployment('web', { moves: 'yes' }));
    await createOk(app, DEPLOY_PATH(), deployment('pinned', { moves: 'no' }));
    await createOk(
      app,
      PLACEMENT_PATH(),
      placement('one', {
        deploymentSelector: { matchLabels: { moves: 'yes' } },
        syncTargetSelector: {},
        numberOfSyncTargets: 1,
      }),
    );
    const [home] = (await settled(app, ['web'], 1)).web!;
    await createOk(
      app,
      PLACEMENT_PATH(),
      placement('everywhere', { deploymentSelector: { matchLabels: { moves: 'no' } }, syncTargetNames: [home!] }),
    );
    await waitPlaced(app, 'pinned', [home!]);

    stops.get(home!)!();
    // Checked on the read that shows Stale: the move may follow the grace at any moment after it.
    const entries = await waitFor(async () => {
      const current = await entriesOf(app, 'web');
      return current.some((e) => e.name === home && e.state === 'Stale') ? current : undefined;
    }, `web's entry on ${home} turns Stale`);
    t.same(
      entries.map((e) => e.name),
      [home],
      'within the grace the Deployment stays',
    );
    const moved = await waitFor(async () => {
      const placed = await placedOn(app, 'web');
      return placed.length === 1 && placed[0] !== home ? placed : undefined;
    }, 'web moves to another Ready target');
    t.not(moved[0], home);
    t.equal(await readyStatus(app, moved[0]!), 'True', 'it moved to a Ready target');
    t.same(
      await placedOn(app, 'pinned'),
      [home],
      'without numberOfSyncTargets nothing moves: the entry just stays Stale',
    );
    t.equal((await entriesOf(app, 'pinned'))[0]!.state, 'Stale');
  },
);

t.test('no failover when no Ready target could take over', async (t) => {
  const app = await testApp(t, { heartbeatIntervalMs: 250, heartbeatThresholdMs: 1000, evictionGraceMs: 1000 });
  await targets(app, ['t1', 't2']);
  await createOk(app, DEPLOY_PATH(), deployment('web'));
  await createOk(app, PLACEMENT_PATH(), placement('one', { syncTargetSelector: {}, numberOfSyncTargets: 1 }));
  const [home] = (await settled(app, ['web'], 1)).web!;
  // Both go silent; wait until both have been not Ready for well past the grace.
  await waitFor(
    async () => (await readyStatus(app, 't1')) === 'Unknown' && (await readyStatus(app, 't2')) === 'Unknown',
    'both targets time out',
  );
  await new Promise((resolve) => setTimeout(resolve, 2500));
  t.same(await placedOn(app, 'web'), [home], 'it stays where it is rather than move to another dead target');
  const other = home === 't1' ? 't2' : 't1';
  // Kept Ready: a single heartbeat could time out again before the move is made.
  t.teardown(keepReady(app, other));
  await waitPlaced(app, 'web', [other]);
});
