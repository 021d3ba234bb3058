// Status reports from the agents: one entry per placed target, totals over fresh reports,
// Stale while a target is not Ready, and every bad report refused without changing anything.
import t from 'tap';
import { ST_PATH, expectRefusals, syncTarget, testApp, type TestApp } from '../helpers/app.js';
import { forEachStore } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';
import {
  DEPLOY_PATH,
  PLACEMENT_PATH,
  STATUS_PATH,
  createOk,
  deployment,
  entriesOf,
  heartbeat,
  keepReady,
  placement,
  schedulerIdle,
  waitPlaced,
} from '../helpers/workloads.js';

const report = (
  counts: { replicas?: number; readyReplicas?: number; availableReplicas?: number; updatedReplicas?: number },
  extra: Record<string, unknown> = {},
) => ({ observedGeneration: 1, state: 'Applied', status: counts, ...extra });

async function placedOnAll(app: TestApp, targets: string[], ready = targets) {
  for (const name of targets) await createOk(app, ST_PATH, syncTarget(name));
  for (const name of ready) await heartbeat(app, name);
  await createOk(app, PLACEMENT_PATH(), placement('all', { syncTargetSelector: {} }));
  await createOk(app, DEPLOY_PATH(), deployment('web', {}, { replicas: 3 }));
  await waitPlaced(app, 'web', targets);
}

const statusOf = async (app: TestApp) => (await app.call('GET', `${DEPLOY_PATH()}/web`)).json.status;

forEachStore(t, (t) => {
  t.test('entries are Pending until their agent reports; totals sum the reports', async (t) => {
    const app = await testApp(t);
    await placedOnAll(app, ['a', 'b', 'c']);
    t.match(await entriesOf(app, 'web'), [
      { name: 'a', state: 'Pending' },
      { name: 'b', state: 'Pending' },
      { name: 'c', state: 'Pending' },
    ]);

    const conditions = [
      {
        type: 'Available',
        status: 'True',
        reason: 'MinimumReplicasAvailable',
        lastTransitionTime: '2026-01-01T00:00:00Z',
      },
    ];
    const a = await app.call(
      'PUT',
      STATUS_PATH('a', 'default', 'web'),
      report(
        { replicas: 3, readyReplicas: 3, availableReplicas: 3, updatedReplicas: 3 },
        { status: { replicas: 3, readyReplicas: 3, availableReplicas: 3, updatedReplicas: 3, conditions } },
      ),
    );
    t.equal(a.statusCode, 200);
    t.equal(a.json.kind, 'Deployment', 'answers with the Deployment');
    const b = await app.call(
      'PUT',
      STATUS_PATH('b', 'default', 'web'),
      report(
        { replicas: 3, readyReplicas: 1, availableReplicas: 1, updatedReplicas: 2 },
        { state: 'Error', message: 'quota exceeded' },
      ),
    );
    t.equal(b.statusCode, 200);

    const status = await statusOf(app);
    t.match(status, { replicas: 6, readyReplicas: 4, availableReplicas: 4, updatedReplicas: 5 });
    t.match(status.syncTargets[0], {
      name: 'a',
      state: 'Applied',
      observedGeneration: 1,
      replicas: 3,
      readyReplicas: 3,
      conditions,
    });
    t.ok(Date.parse(status.syncTargets[0].lastUpdateTime));
    t.match(status.syncTargets[1], { name: 'b', state: 'Error', message: 'quota exceeded', readyReplicas: 1 });
    t.match(status.syncTargets[2], { name: 'c', state: 'Pending' });

    const again = await app.call(
      'PUT',
      STATUS_PATH('a', 'default', 'web'),
      report({ replicas: 3, readyReplicas: 2, availableReplicas: 2, updatedReplicas: 3 }),
    );
    t.equal(again.statusCode, 200);
    t.match(await statusOf(app), { readyReplicas: 3, availableReplicas: 3 }, 'a new report replaces the old one');
    t.notOk((await entriesOf(app, 'web'))[0]!.conditions, 'conditions come from the latest report only');
  });

  t.test('an entry is Stale and left out of the totals while its target is not Ready, and comes back', async (t) => {
    const app = await testApp(t, { heartbeatIntervalMs: 250, heartbeatThresholdMs: 1500 });
    await placedOnAll(app, ['a', 'b']);
    const stopA = keepReady(app, 'a');
    t.teardown(stopA);
    const stopB = keepReady(app, 'b');
    t.teardown(stopB);
    await app.call('PUT', STATUS_PATH('a', 'default', 'web'), report({ replicas: 3, readyReplicas: 3 }));
    await app.call(
      'PUT',
      STATUS_PATH('b', 'default', 'web'),
      report({ replicas: 3, readyReplicas: 2 }, { state: 'Error', message: 'image pull' }),
    );
    await waitFor(async () => {
      const status = await statusOf(app);
      return status.replicas === 6 && status.readyReplicas === 5;
    }, 'both reports counted');

    // b's agent goes silent: after the heartbeat threshold its entry turns Stale.
    stopB();
    await waitFor(
      async () => (await entriesOf(app, 'web')).find((e) => e.name === 'b')?.state === 'Stale',
      "b's entry turns Stale",
    );
    const stale = await statusOf(app);
    t.match(stale, { replicas: 3, readyReplicas: 3 }, 'the silent target no longer counts');
    t.match(
      stale.syncTargets[1],
      { name: 'b', state: 'Stale', readyReplicas: 2, message: 'image pull' },
      'its last report is kept for reference',
    );
    t.match(stale.syncTargets[0], { name: 'a', state: 'Applied' });

    // A report while not Ready is recorded but stays Stale until the target is Ready again.
    t.equal(
      (await app.call('PUT', STATUS_PATH('b', 'default', 'web'), report({ replicas: 3, readyReplicas: 3 }))).statusCode,
      200,
    );
    t.match(await statusOf(app), { readyReplicas: 3 });
    t.equal((await entriesOf(app, 'web'))[1]!.state, 'Stale');

    t.teardown(keepReady(app, 'b'));
    await waitFor(async () => (await entriesOf(app, 'web'))[1]?.state === 'Applied', "b's entry is fresh again");
    t.match(await statusOf(app), { replicas: 6, readyReplicas: 6 });
  });

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
