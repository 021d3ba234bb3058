// The agents' long-poll feed: what it answers, when it holds, and that every kind of change
// that alters a target's set wakes exactly the waiters of that target.
import t from 'tap';
import { ST_PATH, syncTarget, testApp, type TestApp } from '../helpers/app.js';
import { forEachStore } from '../helpers/stores.js';
import {
  DEPLOY_PATH,
  FEED_PATH,
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
import { waitFor } from '../helpers/wait.js';

const hold = (app: TestApp, target: string, rv: string, timeoutSeconds = 60) =>
  app.call('GET', `${FEED_PATH(target)}?resourceVersion=${rv}&timeoutSeconds=${timeoutSeconds}`);

/** Holds a long poll on `target`, runs `change`, and returns the answer it caused. */
async function wakeBy(app: TestApp, target: string, change: () => Promise<unknown>) {
  const before = await feedNow(app, target);
  const held = hold(app, target, before.resourceVersion);
  await waitersHeld(app, 1);
  await change();
  const reply = await held;
  return { before, reply };
}

async function world(t: Parameters<typeof testApp>[0]) {
  const app = await testApp(t);
  await createOk(app, ST_PATH, syncTarget('a', { env: 'prod' }));
  await createOk(app, ST_PATH, syncTarget('b', { env: 'dev' }));
  await createOk(app, PLACEMENT_PATH(), placement('prod', { syncTargetSelector: { matchLabels: { env: 'prod' } } }));
  return app;
}

forEachStore(t, (t) => {
  t.test('without a resourceVersion the whole set comes at once, as the agent should apply it', async (t) => {
    const app = await world(t);
    await createOk(app, DEPLOY_PATH(), deployment('web', {}, { replicas: 2 }));
    await app.call('PATCH', `${DEPLOY_PATH()}/web`, { metadata: { annotations: { note: 'hi' } } });
    await waitPlaced(app, 'web', ['a']);
    const feed = await feedShowing(app, 'a', ['default/web']);
    t.match(feed.resourceVersion, /^\d+$/);
    t.equal(feed.items.length, 1);
    const item = feed.items[0];
    t.same(Object.keys(item).sort(), ['apiVersion', 'kind', 'metadata', 'spec']);
    t.same(item.metadata, {
      name: 'web',
      namespace: 'default',
      labels: { app: 'web' },
      annotations: { note: 'hi' },
      generation: 1,
    });
    t.equal(item.spec.replicas, 2);
    t.same(item.spec.template.spec.containers, [{ name: 'main', image: 'nginx:1.27' }]);
    t.same((await feedNow(app, 'b')).items, [], 'b has nothing placed');
  });

  t.test('an up-to-date agent is held, then answered 304; an older version is answered at once', async (t) => {
    const app = await world(t);
    await createOk(app, DEPLOY_PATH(), deployment('web'));
    await waitPlaced(app, 'web', ['a']);
    const feed = await feedShowing(app, 'a', ['default/web']);
    const started = Date.now();
    const timedOut = await hold(app, 'a', feed.resourceVersion, 1);
    t.equal(timedOut.statusCode, 304);
    t.equal(timedOut.body, '');
    t.ok(Date.now() - started >= 900, 'it was held for about timeoutSeconds');
    const zero = await hold(app, 'a', feed.resourceVersion, 0);
    t.equal(zero.statusCode, 304, 'timeoutSeconds=0 answers at once');
    const older = await hold(app, 'a', String(Number(feed.resourceVersion) - 1));
    t.equal(older.statusCode, 200);
    t.same(older.json, feed);
    const future = await hold(app, 'a', '999999999');
    t.equal(future.statusCode, 200, 'a version this server never gave out resynchronises the agent');
  });

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

  t.test('bad parameters answer 400 or 404 and change nothing', async (t) => {
    const app = await world(t);
    // The scheduler writes the Placement's status in the background: let it land first.
    await waitFor(
      async () => (await app.call('GET', `${PLACEMENT_PATH()}/prod`)).json?.status?.conditions?.length > 0,
      'placement prod scheduled',
    );
    const rv = await app.app.store.currentResourceVersion();
    for (const [query, code] of [
      ['resourceVersion=abc', 400],
      ['resourceVersion=-1', 400],
      ['resourceVersion=1.5', 400],
      ['timeoutSeconds=301', 400],
      ['timeoutSeconds=-1', 400],
      ['timeoutSeconds=soon', 400],
      ['timeoutSeconds=1.5', 400],
    ] as const) {
      const reply = await app.call('GET', `${FEED_PATH('a')}?${query}`);
      t.equal(reply.statusCode, code, query);
      t.match(reply.json, { kind: 'Status', reason: 'BadRequest' }, query);
    }
    const missing = await app.call('GET', FEED_PATH('nope'));
    t.equal(missing.statusCode, 404);
    t.match(missing.json, { reason: 'NotFound', message: 'synctargets.workload.kcp.io "nope" not found' });
    t.equal(await app.app.store.currentResourceVersion(), rv);
  });
});
