// Kubernetes discovery in the aggregated apidiscovery.k8s.io/v2 form of /api and /apis, as kubectl asks for it.
import t from 'tap';
import { AGGREGATED_DISCOVERY } from '../../src/api/discovery/discovery.js';
import { testApp } from '../helpers/app.js';
import { KUBECTL_ACCEPT, SUBRESOURCE_VERBS, VERBS, get } from './kube-discovery-setup.js';

t.test("kubectl's Accept gets the aggregated form, typed exactly as client-go matches it", async (t) => {
  const { app } = await testApp(t);
  const apis = await get(app, '/apis', KUBECTL_ACCEPT);
  t.equal(apis.statusCode, 200);
  t.equal(apis.headers['content-type'], AGGREGATED_DISCOVERY);
  t.match(apis.headers.vary, /Accept/);
  const list = apis.json();
  t.match(list, { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2' });
  const names = list.items.map((g: { metadata: { name: string } }) => g.metadata.name);
  t.same(names, [
    'workload.kcp.io',
    'apps',
    'scheduling.kcp.io',
    'batch',
    'networking.k8s.io',
    'rbac.authorization.k8s.io',
    'policy',
    'autoscaling',
    'tmc.kcp.io',
    'apiextensions.k8s.io',
  ]);
  t.same(list.items[0].versions, [
    {
      version: 'v1alpha1',
      freshness: 'Current',
      resources: [
        {
          resource: 'synctargets',
          responseKind: { group: 'workload.kcp.io', version: 'v1alpha1', kind: 'SyncTarget' },
          scope: 'Cluster',
          singularResource: 'synctarget',
          verbs: VERBS,
          shortNames: ['st'],
          categories: ['tmc'],
          subresources: [
            {
              subresource: 'status',
              responseKind: { group: 'workload.kcp.io', version: 'v1alpha1', kind: 'SyncTarget' },
              verbs: SUBRESOURCE_VERBS,
            },
          ],
        },
      ],
    },
  ]);
  t.equal(list.items[1].versions[0].resources[0].scope, 'Namespaced');
  const api = await get(app, '/api', KUBECTL_ACCEPT);
  t.equal(api.headers['content-type'], AGGREGATED_DISCOVERY);
  const core = api.json().items;
  t.same(
    core.map((g: { metadata: { name: string } }) => g.metadata.name),
    [''],
    'the core group alone',
  );
  const coreResources = core[0].versions[0].resources;
  t.same(
    coreResources.map((r: { resource: string }) => r.resource),
    [
      'configmaps',
      'secrets',
      'services',
      'serviceaccounts',
      'persistentvolumeclaims',
      'resourcequotas',
      'limitranges',
      'namespaces',
    ],
  );
  t.same(coreResources[2], {
    resource: 'services',
    responseKind: { group: '', version: 'v1', kind: 'Service' },
    scope: 'Namespaced',
    singularResource: 'service',
    verbs: VERBS,
    shortNames: ['svc'],
    categories: ['all'],
    subresources: [
      {
        subresource: 'status',
        responseKind: { group: '', version: 'v1', kind: 'Service' },
        verbs: ['get', 'patch', 'update'],
      },
    ],
  });
  const plainFirst = await get(app, '/apis', `application/json,${AGGREGATED_DISCOVERY}`);
  t.equal(plainFirst.json().kind, 'APIGroupList', 'the first type the client lists wins');
});
