// An Ingress follows the Services it fronts, so placing only a workload brings its Service and the
// Ingress in front of it (and that Ingress's TLS Secret). The Service and the Ingress need each
// other, yet neither keeps the other placed: dependencies come from the selected objects only.
// Through HTTP, on both stores.
import t from 'tap';
import { ST_PATH, syncTarget, testApp } from '../helpers/app.js';
import { dependency, named, pathOf, selected, waitEntries } from '../helpers/placed.js';
import { forEachStore } from '../helpers/stores.js';
import { DEPLOY_PATH, PLACEMENT_PATH, createOk, deployment, placement, waitPlaced } from '../helpers/workloads.js';

const ingress = (name: string, service: string, tlsSecret?: string) =>
  named('Ingress', name, {
    spec: {
      rules: [
        {
          http: {
            paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: service, port: { number: 80 } } } }],
          },
        },
      ],
      ...(tlsSecret ? { tls: [{ hosts: ['web.example'], secretName: tlsSecret }] } : {}),
    },
  });
const service = (name: string, app: string) =>
  named('Service', name, { spec: { selector: { app }, ports: [{ port: 80 }] } });

forEachStore(t, (t) => {
  t.test('the Ingress fronting a placed workload follows its Service, moves with it and leaves with it', async (t) => {
    const app = await testApp(t);
    for (const name of ['a', 'b']) await createOk(app, ST_PATH, syncTarget(name));
    await createOk(app, DEPLOY_PATH(), deployment('web'));
    await createOk(app, pathOf('Service'), service('web', 'web'));
    await createOk(app, pathOf('Ingress'), ingress('web', 'web', 'web-tls'));
    await createOk(app, pathOf('Secret'), named('Secret', 'web-tls'));
    await createOk(app, pathOf('Ingress'), ingress('other', 'other'));
    await createOk(app, pathOf('Service'), service('other', 'other'));
    await createOk(app, PLACEMENT_PATH(), placement('web', { deploymentSelector: {}, syncTargetNames: ['a'] }));
    await waitPlaced(app, 'web', ['a']);
    const chain = (...targets: string[]) =>
      [
        ['Service', 'web', dependency([{ kind: 'Deployment', name: 'web' }], ...targets)],
        ['Ingress', 'web', dependency([{ kind: 'Service', name: 'web' }], ...targets)],
        ['Secret', 'web-tls', dependency([{ kind: 'Ingress', name: 'web' }], ...targets)],
      ] as const;
    for (const [kind, name, want] of chain('a')) await waitEntries(app, kind, name, [...want]);
    await waitEntries(app, 'Ingress', 'other', []);

    await app.call('PATCH', `${PLACEMENT_PATH()}/web`, { spec: { syncTargetNames: ['b'] } });
    for (const [kind, name, want] of chain('b')) await waitEntries(app, kind, name, [...want]);

    // The workload leaves: the Service and the Ingress, which need each other, both leave too.
    await app.call('DELETE', `${PLACEMENT_PATH()}/web`);
    await waitPlaced(app, 'web', []);
    for (const [kind, name] of chain()) await waitEntries(app, kind, name, []);

    // Placed again, then the workload itself is deleted: nothing stays behind either.
    await createOk(app, PLACEMENT_PATH(), placement('web', { deploymentSelector: {}, syncTargetNames: ['a'] }));
    for (const [kind, name, want] of chain('a')) await waitEntries(app, kind, name, [...want]);
    await app.call('DELETE', `${DEPLOY_PATH()}/web`);
    for (const [kind, name] of chain()) await waitEntries(app, kind, name, []);
  });

  t.test('a selected Ingress brings its Service; unselected, neither holds the other', async (t) => {
    const app = await testApp(t);
    await createOk(app, ST_PATH, syncTarget('a'));
    await createOk(app, pathOf('Service'), service('web', 'web'));
    await createOk(app, pathOf('Ingress'), ingress('web', 'web'));
    await createOk(
      app,
      PLACEMENT_PATH(),
      placement('front', {
        resourceSelectors: [{ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', names: ['web'] }],
        syncTargetNames: ['a'],
      }),
    );
    await waitEntries(app, 'Ingress', 'web', selected('a'));
    await waitEntries(app, 'Service', 'web', dependency([{ kind: 'Ingress', name: 'web' }], 'a'));
    await app.call('DELETE', `${PLACEMENT_PATH()}/front`);
    await waitEntries(app, 'Ingress', 'web', []);
    await waitEntries(app, 'Service', 'web', []);
  });
});
