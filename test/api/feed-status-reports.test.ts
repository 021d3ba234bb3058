// Status reports from the agents: entries go with their placement, concurrent reports are all kept,
// and every bad report is refused without changing anything.
import t from 'tap';
import { ADMIN_TOKEN, ST_PATH, expectRefusals, syncTarget, testApp } from '../helpers/app.js';
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

  t.test('Prefer: return=minimal answers 204 without the object; the report is taken in all the same', async (t) => {
    const app = await testApp(t);
    const targets = Array.from({ length: 12 }, (_, i) => `edge-${String(i).padStart(2, '0')}`);
    await placedOnAll(app, targets);
    const put = (name: string, i: number, headers: Record<string, string>) =>
      app.app.inject({
        method: 'PUT',
        url: STATUS_PATH(name, 'default', 'web'),
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', ...headers },
        payload: JSON.stringify(report({ replicas: 2, readyReplicas: i % 3 })),
      });
    // Half ask for no answer, in one batch with the others.
    const replies = await Promise.all(
      targets.map((name, i) => put(name, i, i % 2 ? { prefer: 'return=minimal' } : {})),
    );
    for (const [i, reply] of replies.entries()) {
      if (i % 2) {
        t.equal(reply.statusCode, 204);
        t.equal(reply.body, '');
        t.equal(reply.headers['preference-applied'], 'return=minimal');
      } else {
        t.equal(reply.statusCode, 200);
        t.equal(reply.json().kind, 'Deployment');
        t.equal(reply.headers['preference-applied'], undefined);
      }
    }
    const status = await statusOf(app);
    t.same(
      status.syncTargets.map((e: { state: string }) => e.state),
      targets.map(() => 'Applied'),
    );
    t.equal(status.replicas, 2 * targets.length);
    t.equal(
      status.readyReplicas,
      targets.reduce((sum, _, i) => sum + (i % 3), 0),
    );
    t.equal((await put('edge-00', 0, { prefer: 'return=minimal' })).statusCode, 204, 'and again');
    const notPlaced = await app.app.inject({
      method: 'PUT',
      url: STATUS_PATH('edge-00', 'default', 'absent'),
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', prefer: 'return=minimal' },
      payload: JSON.stringify(report({})),
    });
    t.equal(notPlaced.statusCode, 404, 'a refusal is a Status whatever the preference');
    t.equal(notPlaced.json().kind, 'Status');
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
