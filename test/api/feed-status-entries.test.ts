// Status reports from the agents: one entry per placed target, totals over fresh reports,
// and an entry Stale, left out of the totals, while its target is not Ready.
import t from 'tap';
import { testApp } from '../helpers/app.js';
import { forEachStore } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';
import { STATUS_PATH, entriesOf, keepReady } from '../helpers/workloads.js';
import { report, placedOnAll, statusOf } from './feed-status-setup.js';

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
});
