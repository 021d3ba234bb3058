// The agents' long-poll feed: what it answers, when it holds, and what bad parameters get (what
// wakes a held poll is in feed-wakes.test.ts).
import t from 'tap';
import { forEachStore } from '../helpers/stores.js';
import {
  DEPLOY_PATH,
  FEED_PATH,
  PLACEMENT_PATH,
  createOk,
  deployment,
  feedNow,
  feedShowing,
  waitPlaced,
} from '../helpers/workloads.js';
import { waitFor } from '../helpers/wait.js';
import { hold, world } from './feed-helpers.js';

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
