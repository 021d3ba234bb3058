// The agents' long-poll feed: every kind of change that alters a target's set wakes exactly the
// waiters of that target, and nothing else wakes them.
import t from 'tap';
import { ST_PATH } from '../helpers/app.js';
import { forEachStore } from '../helpers/stores.js';
import {
  DEPLOY_PATH,
  PLACEMENT_PATH,
  STATUS_PATH,
  createOk,
  deployment,
  feedNames,
  feedNow,
  feedShowing,
  heartbeat,
  placement,
  waitPlaced,
  waitersHeld,
} from '../helpers/workloads.js';
import { hold, wakeBy, world } from './feed-helpers.js';

forEachStore(t, (t) => {
  t.test("wakes on every kind of change to the target's set", async (t) => {
    const app = await world(t);
    const cases: [string, () => Promise<unknown>, (feed: any) => void][] = [
      [
        'Deployment create',
        () => app.call('POST', DEPLOY_PATH(), deployment('web')),
        (f) => t.same(feedNames(f), ['default/web']),
      ],
      [
        'Deployment spec update',
        () => app.call('PATCH', `${DEPLOY_PATH()}/web`, { spec: { replicas: 4 } }),
        (f) => {
          t.equal(f.items[0].spec.replicas, 4);
          t.equal(f.items[0].metadata.generation, 2);
        },
      ],
      [
        'Deployment label update',
        () => app.call('PATCH', `${DEPLOY_PATH()}/web`, { metadata: { labels: { app: 'web', v: '2' } } }),
        (f) => t.equal(f.items[0].metadata.labels.v, '2'),
      ],
      [
        'Placement change',
        () =>
          app.call('PATCH', `${PLACEMENT_PATH()}/prod`, { spec: { deploymentSelector: { matchLabels: { v: '3' } } } }),
        (f) => t.same(feedNames(f), []),
      ],
      [
        'Placement change back',
        () => app.call('PATCH', `${PLACEMENT_PATH()}/prod`, { spec: { deploymentSelector: null } }),
        (f) => t.same(feedNames(f), ['default/web']),
      ],
      [
        'SyncTarget relabel',
        () => app.call('PATCH', `${ST_PATH}/a`, { metadata: { labels: { env: 'dev' } } }),
        (f) => t.same(feedNames(f), []),
      ],
      [
        'SyncTarget relabel back',
        () => app.call('PATCH', `${ST_PATH}/a`, { metadata: { labels: { env: 'prod' } } }),
        (f) => t.same(feedNames(f), ['default/web']),
      ],
      [
        'SyncTarget evict',
        () => app.call('PATCH', `${ST_PATH}/a`, { spec: { evictAfter: '2001-01-01T00:00:00Z' } }),
        (f) => t.same(feedNames(f), []),
      ],
      [
        'SyncTarget evict lifted',
        () => app.call('PATCH', `${ST_PATH}/a`, { spec: { evictAfter: null } }),
        (f) => t.same(feedNames(f), ['default/web']),
      ],
      ['Placement delete', () => app.call('DELETE', `${PLACEMENT_PATH()}/prod`), (f) => t.same(feedNames(f), [])],
      [
        'Placement create',
        () => app.call('POST', PLACEMENT_PATH(), placement('names', { syncTargetNames: ['a'] })),
        (f) => t.same(feedNames(f), ['default/web']),
      ],
      ['Deployment delete', () => app.call('DELETE', `${DEPLOY_PATH()}/web`), (f) => t.same(feedNames(f), [])],
    ];
    for (const [title, change, check] of cases) {
      const { before, reply } = await wakeBy(app, 'a', change);
      t.equal(reply.statusCode, 200, `${title}: answered`);
      t.ok(Number(reply.json.resourceVersion) > Number(before.resourceVersion), `${title}: a newer version`);
      check(reply.json);
    }
  });

  t.test('cordon changes nothing for the agent: it keeps its Deployments and a new one does not come', async (t) => {
    const app = await world(t);
    await createOk(app, DEPLOY_PATH(), deployment('web'));
    await waitPlaced(app, 'web', ['a']);
    const before = await feedShowing(app, 'a', ['default/web']);
    const held = hold(app, 'a', before.resourceVersion, 2);
    await waitersHeld(app, 1);
    await app.call('PATCH', `${ST_PATH}/a`, { spec: { unschedulable: true } });
    await createOk(app, DEPLOY_PATH(), deployment('late'));
    const reply = await held;
    t.equal(reply.statusCode, 304, 'the cordoned target was not woken');
    t.same(feedNames(await feedNow(app, 'a')), ['default/web']);
  });

  t.test('only the targets whose set changed are woken; status reports wake nobody', async (t) => {
    const app = await world(t);
    await app.call('PATCH', `${ST_PATH}/b`, { metadata: { labels: { env: 'prod' } } });
    await createOk(app, DEPLOY_PATH(), deployment('shared'));
    await waitPlaced(app, 'shared', ['a', 'b']);
    await heartbeat(app, 'b');
    const a = await feedShowing(app, 'a', ['default/shared']);
    const b = await feedShowing(app, 'b', ['default/shared']);
    const heldA = hold(app, 'a', a.resourceVersion, 2);
    const heldB = hold(app, 'b', b.resourceVersion, 60);
    await waitersHeld(app, 2);

    const report = await app.call('PUT', STATUS_PATH('b', 'default', 'shared'), {
      observedGeneration: 1,
      state: 'Applied',
      status: { replicas: 1 },
    });
    t.equal(report.statusCode, 200);
    await createOk(app, PLACEMENT_PATH(), placement('b-only', { syncTargetNames: ['b'] }));
    await createOk(app, DEPLOY_PATH('other'), deployment('x'));
    await createOk(app, PLACEMENT_PATH('other'), placement('b-only', { syncTargetNames: ['b'] }));
    const wokeB = await heldB;
    t.equal(wokeB.statusCode, 200, 'b woke for its new Deployment');
    t.same(feedNames(wokeB.json), ['default/shared', 'other/x']);
    t.equal((await heldA).statusCode, 304, 'a was never woken');
  });
});
