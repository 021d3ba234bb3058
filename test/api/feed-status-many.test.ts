// A Deployment placed on more targets than the store keeps inline (its entries are rows of their
// own then): the scheduler's placement, concurrent reports from every agent, a placement that
// shrinks below the threshold and grows back, all read the same through every way in.
import t from 'tap';
import { ENTRIES_APART_FROM } from '../../src/store/entries-apart.js';
import { testApp } from '../helpers/app.js';
import { forEachStore } from '../helpers/stores.js';
import { DEPLOY_PATH, PLACEMENT_PATH, STATUS_PATH, schedulerIdle, waitPlaced } from '../helpers/workloads.js';
import { placedOnAll, report, statusOf } from './feed-status-setup.js';

const name = (i: number) => `edge-${String(i).padStart(3, '0')}`;
const MANY = Array.from({ length: ENTRIES_APART_FROM + 20 }, (_, i) => name(i));

forEachStore(t, (t) => {
  t.test('every report on an object placed on many targets is kept, and every read agrees', async (t) => {
    const app = await testApp(t);
    await placedOnAll(app, MANY);
    const replies = await Promise.all(
      MANY.map((target, i) =>
        app.call('PUT', STATUS_PATH(target, 'default', 'web'), report({ replicas: 1, readyReplicas: i % 2 })),
      ),
    );
    t.same(new Set(replies.map((r) => r.statusCode)), new Set([200]), 'every report taken');
    const status = await statusOf(app);
    t.equal(status.syncTargets.length, MANY.length);
    t.equal(status.syncTargets.filter((e: { state: string }) => e.state === 'Applied').length, MANY.length);
    t.equal(status.replicas, MANY.length);
    t.equal(status.readyReplicas, MANY.length / 2);
    const listed = (await app.call('GET', DEPLOY_PATH())).json.items[0];
    t.same(listed.status, status, 'the list shows the same status');

    // Below the threshold the object is kept whole again; the kept entries keep their reports.
    const few = MANY.slice(0, 10);
    await app.call('PATCH', `${PLACEMENT_PATH()}/all`, { spec: { syncTargetSelector: null, syncTargetNames: few } });
    await waitPlaced(app, 'web', few);
    await schedulerIdle(app);
    const shrunk = await statusOf(app);
    t.same(
      shrunk.syncTargets.map((e: { state: string }) => e.state),
      few.map(() => 'Applied'),
    );
    t.match(shrunk, { replicas: few.length, readyReplicas: few.length / 2 });

    await app.call('PATCH', `${PLACEMENT_PATH()}/all`, { spec: { syncTargetSelector: {}, syncTargetNames: null } });
    await waitPlaced(app, 'web', MANY);
    const grown = await statusOf(app);
    t.equal(grown.syncTargets.filter((e: { state: string }) => e.state === 'Applied').length, few.length);
    t.equal(grown.syncTargets.filter((e: { state: string }) => e.state === 'Pending').length, MANY.length - few.length);
    const late = await app.call('PUT', STATUS_PATH(name(MANY.length - 1), 'default', 'web'), report({ replicas: 1 }));
    t.equal(late.statusCode, 200, 'a target placed again reports again');
    t.equal((await statusOf(app)).replicas, few.length + 1);
  });
});
