// Placements select objects of every carried kind (spec.resourceSelectors) by labels and names, spread
// per selected object, and refuse a kind tmc does not place. Through HTTP, on both stores.
import t from 'tap';
import { ST_PATH, syncTarget, testApp } from '../helpers/app.js';
import { forEachStore } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';
import { entries, named, pathOf, selected, waitEntries } from '../helpers/placed.js';
import { DEPLOY_PATH, PLACEMENT_PATH, createOk, deployment, placement, waitPlaced } from '../helpers/workloads.js';

forEachStore(t, (t) => {
  t.test('resourceSelectors place several kinds by labels and names; deploymentSelector still works', async (t) => {
    const app = await testApp(t);
    for (const name of ['a', 'b']) await createOk(app, ST_PATH, syncTarget(name));
    await createOk(app, pathOf('ConfigMap'), named('ConfigMap', 'settings', {}, { team: 'x' }));
    await createOk(app, pathOf('ConfigMap'), named('ConfigMap', 'other', {}, { team: 'y' }));
    await createOk(app, pathOf('StatefulSet'), named('StatefulSet', 'db'));
    await createOk(app, pathOf('Ingress'), named('Ingress', 'web', { spec: { rules: [{ host: 'web.example' }] } }));
    await createOk(app, pathOf('Role'), named('Role', 'reader'));
    await createOk(app, DEPLOY_PATH(), deployment('web', { tier: 'front' }));
    await createOk(app, DEPLOY_PATH(), deployment('back', { tier: 'back' }));
    await createOk(
      app,
      PLACEMENT_PATH(),
      placement('app', {
        resourceSelectors: [
          { apiVersion: 'v1', kind: 'ConfigMap', labelSelector: { matchLabels: { team: 'x' } } },
          { apiVersion: 'apps/v1', kind: 'StatefulSet', names: ['db'] },
          { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' },
          { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', names: ['someone-else'] },
        ],
        deploymentSelector: { matchLabels: { tier: 'front' } },
        syncTargetSelector: {},
      }),
    );
    await waitEntries(app, 'ConfigMap', 'settings', selected('a', 'b'));
    await waitEntries(app, 'StatefulSet', 'db', selected('a', 'b'));
    await waitEntries(app, 'Ingress', 'web', selected('a', 'b'));
    await waitPlaced(app, 'web', ['a', 'b']);
    const p = await waitFor(async () => {
      const got = (await app.call('GET', `${PLACEMENT_PATH()}/app`)).json;
      return got.status.conditions[0]?.message?.includes('1 Deployments') ? got : undefined;
    }, 'the Placement status to count what it selects');
    t.match(p.status, { selectedSyncTargets: ['a', 'b'], conditions: [{ type: 'Scheduled', status: 'True' }] });
    t.match(
      p.status.conditions[0].message,
      /1 ConfigMaps, 1 Deployments, 1 Ingresses, 1 StatefulSets placed on 2 SyncTargets/,
    );
    t.same(await entries(app, 'ConfigMap', 'other'), [], 'a ConfigMap the labels do not select');
    t.same(await entries(app, 'Role', 'reader'), [], 'a Role the names do not select');
    const back = (await app.call('GET', `${DEPLOY_PATH()}/back`)).json;
    t.same(back.status.syncTargets, [], 'deploymentSelector still filters');
    // Relabelled out of the selector: it leaves every target.
    await app.call('PATCH', `${pathOf('ConfigMap')}/settings`, { metadata: { labels: { team: 'z' } } });
    await waitEntries(app, 'ConfigMap', 'settings', []);
  });

  t.test('spread applies per selected object: numberOfSyncTargets of any kind', async (t) => {
    const app = await testApp(t);
    for (const name of ['a', 'b', 'c']) await createOk(app, ST_PATH, syncTarget(name));
    await createOk(app, pathOf('Job'), named('Job', 'migrate'));
    await createOk(app, pathOf('Service'), named('Service', 'api', { spec: { ports: [{ port: 80 }] } }));
    await createOk(
      app,
      PLACEMENT_PATH(),
      placement('one', {
        resourceSelectors: [
          { apiVersion: 'batch/v1', kind: 'Job' },
          { apiVersion: 'v1', kind: 'Service' },
        ],
        syncTargetSelector: {},
        numberOfSyncTargets: 2,
      }),
    );
    for (const [kind, name] of [
      ['Job', 'migrate'],
      ['Service', 'api'],
    ] as const) {
      const got = await waitFor(async () => {
        const e = await entries(app, kind, name);
        return e.length === 2 ? e : undefined;
      }, `${kind} ${name} on two targets`);
      t.ok(
        got.every((e) => e.reason === 'Selected'),
        `${kind}: Selected`,
      );
    }
    t.same((await app.call('GET', DEPLOY_PATH())).json.items, [], 'no Deployment to select here');
  });
});

t.test('a kind tmc does not place is refused, naming it', async (t) => {
  const app = await testApp(t);
  const reply = await app.call(
    'POST',
    PLACEMENT_PATH(),
    placement('bad', { syncTargetNames: ['a'], resourceSelectors: [{ apiVersion: 'v1', kind: 'Pod' }] }),
  );
  t.equal(reply.statusCode, 422);
  t.match(reply.json.details.causes, [{ field: 'spec.resourceSelectors[0].kind', message: /"Pod".*v1 ConfigMap/ }]);
});
