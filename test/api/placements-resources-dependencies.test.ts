// What a placed workload or Ingress needs follows it to the same SyncTargets as DependencyOf, and leaves
// when nothing placed there needs it any more. Through HTTP, on both stores.
import t from 'tap';
import { ST_PATH, syncTarget, testApp } from '../helpers/app.js';
import { forEachStore } from '../helpers/stores.js';
import { dependency, entries, named, pathOf, sample, selected, waitEntries } from '../helpers/placed.js';
import { DEPLOY_PATH, PLACEMENT_PATH, createOk, deployment, placement, waitPlaced } from '../helpers/workloads.js';

forEachStore(t, (t) => {
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
