// Placements select objects of every carried kind (spec.resourceSelectors), and what a placed
// workload or Ingress needs follows it to the same SyncTargets as DependencyOf, and leaves when
// nothing placed there needs it any more. Through HTTP, on both stores.
import t from 'tap';
import { ST_PATH, syncTarget, testApp } from '../helpers/app.js';
import { forEachStore } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';
import { dependency, entries, named, pathOf, sample, selected, waitEntries } from '../helpers/placed.js';
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

  t.test("a Deployment's ConfigMap, Secret, ServiceAccount, PVC, Service follow it and leave unneeded", async (t) => {
    const app = await testApp(t);
    for (const name of ['a', 'b']) await createOk(app, ST_PATH, syncTarget(name));
    const web = deployment(
      'web',
      {},
      {
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            serviceAccountName: 'runner',
            volumes: [
              { name: 'conf', configMap: { name: 'settings' } },
              { name: 'data', persistentVolumeClaim: { claimName: 'data' } },
            ],
            containers: [
              {
                name: 'main',
                image: 'nginx:1.27',
                env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'password', key: 'user' } } }],
              },
            ],
          },
        },
      },
    );
    await createOk(app, DEPLOY_PATH(), web);
    await createOk(app, pathOf('ConfigMap'), named('ConfigMap', 'settings'));
    await createOk(app, pathOf('ConfigMap'), named('ConfigMap', 'unused'));
    await createOk(app, pathOf('ServiceAccount'), named('ServiceAccount', 'runner'));
    await createOk(app, pathOf('PersistentVolumeClaim'), named('PersistentVolumeClaim', 'data'));
    await createOk(app, pathOf('Service'), named('Service', 'web'));
    const elsewhere = { spec: { selector: { app: 'other' }, ports: [{ port: 80 }] } };
    await createOk(app, pathOf('Service'), named('Service', 'elsewhere', elsewhere));
    await createOk(app, PLACEMENT_PATH(), placement('web', { deploymentSelector: {}, syncTargetNames: ['a'] }));
    await waitPlaced(app, 'web', ['a']);
    const ofWeb = [{ kind: 'Deployment', name: 'web' }];
    const followers = [
      ['ConfigMap', 'settings'],
      ['ServiceAccount', 'runner'],
      ['PersistentVolumeClaim', 'data'],
      ['Service', 'web'],
    ];
    for (const [kind, name] of followers) {
      const got = await waitEntries(app, kind!, name!, dependency(ofWeb, 'a'));
      t.match(got[0], { state: 'Stale' }, `${kind}: an entry like a Deployment's (no heartbeat from the target yet)`);
    }
    // The Secret did not exist upstream: it is placed as soon as it appears.
    await createOk(app, pathOf('Secret'), named('Secret', 'password'));
    await waitEntries(app, 'Secret', 'password', dependency(ofWeb, 'a'));
    t.same(await entries(app, 'ConfigMap', 'unused'), [], 'a ConfigMap nothing needs');
    t.same(await entries(app, 'Service', 'elsewhere'), [], 'a Service whose selector picks other pods');

    // A second Placement selects the ConfigMap itself, on b: Selected there, still a dependency on a.
    await createOk(
      app,
      PLACEMENT_PATH(),
      placement('cm', {
        resourceSelectors: [{ apiVersion: 'v1', kind: 'ConfigMap', names: ['settings'] }],
        syncTargetNames: ['b'],
      }),
    );
    await waitEntries(app, 'ConfigMap', 'settings', [...dependency(ofWeb, 'a'), ...selected('b')]);
    // And on a too: Selected wins over DependencyOf.
    await app.call('PATCH', `${PLACEMENT_PATH()}/cm`, { spec: { syncTargetNames: ['a', 'b'] } });
    await waitEntries(app, 'ConfigMap', 'settings', selected('a', 'b'));
    await app.call('DELETE', `${PLACEMENT_PATH()}/cm`);
    await waitEntries(app, 'ConfigMap', 'settings', dependency(ofWeb, 'a'));

    // The workload moves to b as well: its dependencies follow.
    await app.call('PATCH', `${PLACEMENT_PATH()}/web`, { spec: { syncTargetNames: ['a', 'b'] } });
    await waitEntries(app, 'ServiceAccount', 'runner', dependency(ofWeb, 'a', 'b'));
    // The Deployment stops mounting the ConfigMap: it leaves both targets; the rest stays.
    const patched = await app.call('PATCH', `${DEPLOY_PATH()}/web`, {
      spec: { template: { spec: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] } } },
    });
    t.equal(patched.statusCode, 200, patched.body.slice(0, 300));
    await waitEntries(app, 'ConfigMap', 'settings', []);
    const claim = await entries(app, 'PersistentVolumeClaim', 'data');
    t.same(
      claim.map((e) => e.name),
      ['a', 'b'],
      'the PVC still follows',
    );
    // The Deployment is deleted: nothing needs the rest any more.
    await app.call('DELETE', `${DEPLOY_PATH()}/web`);
    for (const [kind, name] of [['Secret', 'password'], ...followers.slice(1)]) {
      await waitEntries(app, kind!, name!, []);
    }
  });

  t.test('an Ingress brings the Services its backends name; a CronJob brings what its pods use', async (t) => {
    const app = await testApp(t);
    await createOk(app, ST_PATH, syncTarget('a'));
    await createOk(app, pathOf('Service'), named('Service', 'backend', { spec: { ports: [{ port: 80 }] } }));
    await createOk(
      app,
      pathOf('Ingress'),
      named('Ingress', 'front', {
        spec: {
          rules: [
            {
              http: {
                paths: [
                  { path: '/', pathType: 'Prefix', backend: { service: { name: 'backend', port: { number: 80 } } } },
                ],
              },
            },
          ],
        },
      }),
    );
    const cron = sample('CronJob');
    cron.metadata = { name: 'nightly' };
    cron.spec.jobTemplate.spec.template.spec.serviceAccountName = 'nightly';
    await createOk(app, pathOf('CronJob'), cron);
    await createOk(app, pathOf('ServiceAccount'), named('ServiceAccount', 'nightly'));
    await createOk(
      app,
      PLACEMENT_PATH(),
      placement('p', {
        resourceSelectors: [
          { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' },
          { apiVersion: 'batch/v1', kind: 'CronJob' },
        ],
        syncTargetNames: ['a'],
      }),
    );
    await waitEntries(app, 'Service', 'backend', dependency([{ kind: 'Ingress', name: 'front' }], 'a'));
    await waitEntries(app, 'ServiceAccount', 'nightly', dependency([{ kind: 'CronJob', name: 'nightly' }], 'a'));
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
