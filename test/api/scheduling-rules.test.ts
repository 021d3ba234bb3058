// Which Deployments land on which SyncTargets: selectors and names, namespaces, several
// Placements, cordon, evictAfter, and everything that takes a placement away. Through HTTP.
import t from 'tap';
import { ST_PATH, syncTarget, testApp } from '../helpers/app.js';
import { forEachStore } from '../helpers/stores.js';
import {
  DEPLOY_PATH,
  PLACEMENT_PATH,
  createOk,
  deployment,
  placedOn,
  placement,
  waitPlaced,
} from '../helpers/workloads.js';

const soon = (ms: number) => new Date(Date.now() + ms).toISOString();

forEachStore(t, (t) => {
  t.test(
    'candidates are the union of the target selector and the names; the deployment selector filters',
    async (t) => {
      const app = await testApp(t);
      await createOk(app, ST_PATH, syncTarget('a', { env: 'prod' }));
      await createOk(app, ST_PATH, syncTarget('b', { env: 'dev' }));
      await createOk(app, ST_PATH, syncTarget('c', { env: 'dev' }));
      await createOk(app, DEPLOY_PATH(), deployment('front', { tier: 'front' }));
      await createOk(app, DEPLOY_PATH(), deployment('back', { tier: 'back' }));
      await createOk(
        app,
        PLACEMENT_PATH(),
        placement('p', {
          deploymentSelector: { matchLabels: { tier: 'front' } },
          syncTargetSelector: { matchLabels: { env: 'prod' } },
          syncTargetNames: ['c', 'does-not-exist'],
        }),
      );
      await waitPlaced(app, 'front', ['a', 'c']);
      // Every reconcile sees both Placements: had p selected back too, back would be on a and c as well.
      await createOk(
        app,
        PLACEMENT_PATH(),
        placement('marker', { deploymentSelector: { matchLabels: { tier: 'back' } }, syncTargetNames: ['b'] }),
      );
      await waitPlaced(app, 'back', ['b']);
      t.pass('back is placed only by the Placement that selects it');
    },
  );

  t.test('a Placement places only Deployments of its own namespace; several Placements add up', async (t) => {
    const app = await testApp(t);
    for (const name of ['a', 'b']) await createOk(app, ST_PATH, syncTarget(name));
    await createOk(app, DEPLOY_PATH('team-1'), deployment('web'));
    await createOk(app, DEPLOY_PATH('team-2'), deployment('web'));
    await createOk(app, PLACEMENT_PATH('team-1'), placement('to-a', { syncTargetNames: ['a'] }));
    await createOk(app, PLACEMENT_PATH('team-1'), placement('to-b', { syncTargetNames: ['b'] }));
    await createOk(app, PLACEMENT_PATH('team-2'), placement('to-b', { syncTargetNames: ['b'] }));
    await waitPlaced(app, 'web', ['a', 'b'], 'team-1');
    await waitPlaced(app, 'web', ['b'], 'team-2');
    await app.call('DELETE', `${PLACEMENT_PATH('team-1')}/to-a`);
    await waitPlaced(app, 'web', ['b'], 'team-1');
  });

  t.test('a cordoned target keeps its Deployments but gets no new ones; uncordon lets them in', async (t) => {
    const app = await testApp(t);
    for (const name of ['a', 'b']) await createOk(app, ST_PATH, syncTarget(name));
    await createOk(app, PLACEMENT_PATH(), placement('all', { syncTargetSelector: {} }));
    await createOk(app, DEPLOY_PATH(), deployment('old'));
    await waitPlaced(app, 'old', ['a', 'b']);
    await app.call('PATCH', `${ST_PATH}/b`, { spec: { unschedulable: true } });
    await createOk(app, DEPLOY_PATH(), deployment('new'));
    await waitPlaced(app, 'new', ['a']);
    t.same(await placedOn(app, 'old'), ['a', 'b'], 'the cordoned target keeps what it had');
    await app.call('PATCH', `${ST_PATH}/b`, { spec: { unschedulable: false } });
    await waitPlaced(app, 'new', ['a', 'b']);
  });

  t.test(
    'a target past evictAfter loses every Deployment and gets none; a future evictAfter drains when it comes',
    async (t) => {
      const app = await testApp(t);
      for (const name of ['a', 'b', 'c']) await createOk(app, ST_PATH, syncTarget(name));
      await createOk(app, PLACEMENT_PATH(), placement('all', { syncTargetSelector: {} }));
      await createOk(app, DEPLOY_PATH(), deployment('web'));
      await waitPlaced(app, 'web', ['a', 'b', 'c']);
      await app.call('PATCH', `${ST_PATH}/b`, { spec: { evictAfter: '2001-01-01T00:00:00Z' } });
      await waitPlaced(app, 'web', ['a', 'c']);
      await createOk(app, DEPLOY_PATH(), deployment('later'));
      await waitPlaced(app, 'later', ['a', 'c']);

      await app.call('PATCH', `${ST_PATH}/c`, { spec: { evictAfter: soon(5000) } });
      t.same(await placedOn(app, 'web'), ['a', 'c'], 'still there before the time');
      await waitPlaced(app, 'web', ['a']);
      await waitPlaced(app, 'later', ['a']);

      await app.call('PATCH', `${ST_PATH}/b`, { spec: { evictAfter: null } });
      await waitPlaced(app, 'web', ['a', 'b']);
    },
  );

  t.test(
    "placements go away with the Placement, the Deployment's labels, the target's labels, or the target",
    async (t) => {
      const app = await testApp(t);
      await createOk(app, ST_PATH, syncTarget('a', { env: 'prod' }));
      await createOk(app, ST_PATH, syncTarget('b', { env: 'prod' }));
      await createOk(app, DEPLOY_PATH(), deployment('web', { tier: 'front' }));
      await createOk(
        app,
        PLACEMENT_PATH(),
        placement('p', {
          deploymentSelector: { matchLabels: { tier: 'front' } },
          syncTargetSelector: { matchLabels: { env: 'prod' } },
        }),
      );
      await waitPlaced(app, 'web', ['a', 'b']);

      await app.call('PATCH', `${ST_PATH}/a`, { metadata: { labels: { env: 'dev' } } });
      await waitPlaced(app, 'web', ['b']);
      await app.call('DELETE', `${ST_PATH}/b`);
      await waitPlaced(app, 'web', []);
      await createOk(app, ST_PATH, syncTarget('b', { env: 'prod' }));
      await waitPlaced(app, 'web', ['b']);

      await app.call('PATCH', `${DEPLOY_PATH()}/web`, { metadata: { labels: { tier: 'back' } } });
      await waitPlaced(app, 'web', []);
      await app.call('PATCH', `${DEPLOY_PATH()}/web`, { metadata: { labels: { tier: 'front' } } });
      await waitPlaced(app, 'web', ['b']);

      await app.call('DELETE', `${PLACEMENT_PATH()}/p`);
      await waitPlaced(app, 'web', []);
    },
  );

  t.test('new entries are Pending on a Ready target and Stale on one that is not', async (t) => {
    const app = await testApp(t);
    for (const name of ['ready', 'silent']) await createOk(app, ST_PATH, syncTarget(name));
    await app.call('POST', `${ST_PATH}/ready/heartbeat`, {});
    await createOk(app, PLACEMENT_PATH(), placement('all', { syncTargetSelector: {} }));
    await createOk(app, DEPLOY_PATH(), deployment('web'));
    await waitPlaced(app, 'web', ['ready', 'silent']);
    const status = (await app.call('GET', `${DEPLOY_PATH()}/web`)).json.status;
    t.match(status.syncTargets, [
      { name: 'ready', state: 'Pending' },
      { name: 'silent', state: 'Stale' },
    ]);
    t.match(status, { replicas: 0, readyReplicas: 0, availableReplicas: 0, updatedReplicas: 0 });
  });
});
