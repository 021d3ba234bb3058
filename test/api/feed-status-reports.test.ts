// Status reports from the agents: entries go with their placement, concurrent reports are all kept,
// and every bad report is refused without changing anything.
import t from 'tap';
import { ST_PATH, expectRefusals, syncTarget, testApp } from '../helpers/app.js';
import { forEachStore } from '../helpers/stores.js';
import { PLACEMENT_PATH, STATUS_PATH, createOk, schedulerIdle, waitPlaced } from '../helpers/workloads.js';
import { report, placedOnAll, statusOf } from './feed-status-setup.js';

forEachStore(t, (t) => {
  t.test('the entry and its counts go when the placement goes', async (t) => {
    const app = await testApp(t);
    await placedOnAll(app, ['a', 'b']);
    await app.call('PUT', STATUS_PATH('a', 'default', 'web'), report({ replicas: 3, readyReplicas: 3 }));
    await app.call('PUT', STATUS_PATH('b', 'default', 'web'), report({ replicas: 3, readyReplicas: 3 }));
    await app.call('PATCH', `${PLACEMENT_PATH()}/all`, { spec: { syncTargetSelector: null, syncTargetNames: ['a'] } });
    await waitPlaced(app, 'web', ['a']);
    t.match(await statusOf(app), { replicas: 3, readyReplicas: 3 });
    const late = await app.call('PUT', STATUS_PATH('b', 'default', 'web'), report({ replicas: 3 }));
    t.equal(late.statusCode, 404);
    t.equal(late.json.message, 'deployments.apps "web" in namespace "default" is not placed on synctarget "b"');
  });

  t.test('concurrent reports from many targets are all kept', async (t) => {
    const app = await testApp(t);
    const targets = Array.from({ length: 24 }, (_, i) => `edge-${String(i).padStart(2, '0')}`);
    await placedOnAll(app, targets);
    const replies = await Promise.all(
      targets.map((name, i) =>
        app.call('PUT', STATUS_PATH(name, 'default', 'web'), report({ replicas: 3, readyReplicas: i % 4 })),
      ),
    );
    t.same(
      replies.map((r) => r.statusCode),
      targets.map(() => 200),
    );
    const status = await statusOf(app);
    t.equal(status.syncTargets.filter((e: { state: string }) => e.state === 'Applied').length, targets.length);
    t.equal(status.replicas, 3 * targets.length);
    t.equal(
      status.readyReplicas,
      targets.reduce((sum, _, i) => sum + (i % 4), 0),
    );
  });

  t.test('bad reports answer a Status and change nothing', async (t) => {
    const app = await testApp(t);
    await placedOnAll(app, ['a']);
    await app.call('PATCH', `${PLACEMENT_PATH()}/all`, { spec: { syncTargetSelector: null, syncTargetNames: ['a'] } });
    await createOk(app, ST_PATH, syncTarget('unplaced'));
    await schedulerIdle(app);
    const url = STATUS_PATH('a', 'default', 'web');
    const notPlaced = 'deployments.apps "web" in namespace "default" is not placed on synctarget "unplaced"';
    await expectRefusals(t, app, { method: 'PUT', url }, [
      { title: 'unknown state', body: report({}, { state: 'Done' }), code: 422, reason: 'Invalid', causes: ['state'] },
      {
        title: 'no observedGeneration',
        body: { state: 'Applied', status: {} },
        code: 422,
        reason: 'Invalid',
        causes: ['observedGeneration'],
      },
      {
        title: 'no status',
        body: { observedGeneration: 1, state: 'Applied' },
        code: 422,
        reason: 'Invalid',
        causes: ['status'],
      },
      {
        title: 'negative replicas',
        body: report({ replicas: -1 }),
        code: 422,
        reason: 'Invalid',
        causes: ['status.replicas'],
      },
      {
        title: 'replicas as a string',
        body: report({ replicas: '3' as unknown as number }),
        code: 422,
        reason: 'Invalid',
        causes: ['status.replicas'],
      },
      {
        title: 'a future generation',
        body: report({}, { observedGeneration: 2 }),
        code: 422,
        reason: 'Invalid',
        causes: ['observedGeneration'],
      },
      { title: 'not an object', body: [1, 2], code: 400, reason: 'BadRequest' },
      {
        title: 'an unknown Deployment',
        url: STATUS_PATH('a', 'default', 'nope'),
        body: report({}),
        code: 404,
        reason: 'NotFound',
        message: 'deployments.apps "nope" not found',
      },
      {
        title: 'another namespace',
        url: STATUS_PATH('a', 'other', 'web'),
        body: report({}),
        code: 404,
        reason: 'NotFound',
      },
      {
        title: 'an unknown SyncTarget',
        url: STATUS_PATH('ghost', 'default', 'web'),
        body: report({}),
        code: 404,
        reason: 'NotFound',
        message: 'synctargets.workload.kcp.io "ghost" not found',
      },
      {
        title: 'a target the Deployment is not placed on',
        url: STATUS_PATH('unplaced', 'default', 'web'),
        body: report({}),
        code: 404,
        reason: 'NotFound',
        message: notPlaced,
      },
      {
        title: 'text/plain',
        options: { rawBody: 'Applied', contentType: 'text/plain' },
        code: 415,
        reason: 'UnsupportedMediaType',
      },
    ]);
  });
});
