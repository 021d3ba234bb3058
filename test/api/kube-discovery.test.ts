// Kubernetes discovery as client-go decodes it: /version, /api, /apis, /apis/<group>,
// /apis/<group>/<version>, and the aggregated apidiscovery.k8s.io/v2 form of /api and /apis.
import t from 'tap';
import { AGGREGATED_DISCOVERY } from '../../src/api/discovery/discovery.js';
import { KUBERNETES_API_VERSION, VERSION } from '../../src/version.js';
import { kubernetesVersion } from '../cluster/binaries.js';
import { ADMIN_TOKEN, type call, testApp } from '../helpers/app.js';

// What kubectl sends (client-go's discovery client).
const KUBECTL_ACCEPT = [
  AGGREGATED_DISCOVERY,
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList',
  'application/json',
].join(',');
const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const SUBRESOURCE_VERBS = ['get', 'patch', 'update'];
const statusOf = (plural: string, kind: string, namespaced: boolean) => ({
  name: `${plural}/status`,
  singularName: '',
  namespaced,
  kind,
  verbs: SUBRESOURCE_VERBS,
});
const get = (app: Parameters<typeof call>[0], url: string, accept?: string) => {
  const headers = { authorization: `Bearer ${ADMIN_TOKEN}`, ...(accept ? { accept } : {}) };
  return app.inject({ method: 'GET', url, headers });
};

t.test('/version answers without a token, in the shape of version.Info', async (t) => {
  const { call } = await testApp(t);
  const reply = await call('GET', '/version', undefined, { token: null });
  t.equal(reply.statusCode, 200);
  const [major, minor] = KUBERNETES_API_VERSION.split('.');
  t.match(reply.json, { major, minor, gitVersion: `v${major}.${minor}.0+tmc-v${VERSION}`, platform: /\S+\/\S+/ });
  for (const key of ['gitCommit', 'gitTreeState', 'buildDate', 'goVersion', 'compiler']) {
    t.type(reply.json[key], 'string', key);
  }
});

t.test('the Kubernetes API level /version reports is that of the kubectl the tests use', async (t) => {
  const pinned = kubernetesVersion().replace(/^v(\d+\.\d+)\..*$/, '$1');
  t.equal(KUBERNETES_API_VERSION, pinned, 'test/cluster/go/k8s pins it');
});

t.test('discovery needs an admin token', async (t) => {
  const { call } = await testApp(t);
  for (const url of ['/api', '/apis', '/apis/apps', '/apis/apps/v1', '/openapi/v3', '/openapi/v2']) {
    const reply = await call('GET', url, undefined, { token: null });
    t.equal(reply.statusCode, 401, url);
    t.equal(reply.json.kind, 'Status', url);
  }
});

t.test('/api and /apis in the plain meta/v1 form', async (t) => {
  const { call } = await testApp(t);
  const api = await call('GET', '/api');
  t.same(api.json, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] }, 'the core group: v1');
  const apis = await call('GET', '/apis');
  t.equal(apis.headers['content-type'], 'application/json; charset=utf-8');
  t.match(apis.json, { kind: 'APIGroupList', apiVersion: 'v1' });
  const group = (name: string, version: string) => {
    const listed = { groupVersion: `${name}/${version}`, version };
    return { name, versions: [listed], preferredVersion: listed };
  };
  const groups = [
    group('workload.kcp.io', 'v1alpha1'),
    group('apps', 'v1'),
    group('scheduling.kcp.io', 'v1alpha1'),
    group('batch', 'v1'),
    group('networking.k8s.io', 'v1'),
    group('rbac.authorization.k8s.io', 'v1'),
    group('policy', 'v1'),
    group('autoscaling', 'v2'),
    group('tmc.kcp.io', 'v1alpha1'),
  ];
  t.same(apis.json.groups, groups);
  const apps = await call('GET', '/apis/apps');
  t.same(apps.json, { kind: 'APIGroup', apiVersion: 'v1', ...group('apps', 'v1') });
});

t.test('/apis/<group>/<version> lists each kind with its names, scope, verbs and categories', async (t) => {
  const { call } = await testApp(t);
  const workload = await call('GET', '/apis/workload.kcp.io/v1alpha1');
  t.same(workload.json, {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: 'workload.kcp.io/v1alpha1',
    resources: [
      {
        name: 'synctargets',
        singularName: 'synctarget',
        namespaced: false,
        kind: 'SyncTarget',
        verbs: VERBS,
        shortNames: ['st'],
        categories: ['tmc'],
      },
      statusOf('synctargets', 'SyncTarget', false),
    ],
  });
  const apps = await call('GET', '/apis/apps/v1');
  t.same(apps.json.resources, [
    {
      name: 'deployments',
      singularName: 'deployment',
      namespaced: true,
      kind: 'Deployment',
      verbs: VERBS,
      shortNames: ['deploy'],
      categories: ['all', 'tmc'],
    },
    statusOf('deployments', 'Deployment', true),
    {
      name: 'deployments/scale',
      singularName: '',
      namespaced: true,
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
      verbs: SUBRESOURCE_VERBS,
    },
    {
      name: 'statefulsets',
      singularName: 'statefulset',
      namespaced: true,
      kind: 'StatefulSet',
      verbs: VERBS,
      shortNames: ['sts'],
      categories: ['all'],
    },
    statusOf('statefulsets', 'StatefulSet', true),
    {
      name: 'daemonsets',
      singularName: 'daemonset',
      namespaced: true,
      kind: 'DaemonSet',
      verbs: VERBS,
      shortNames: ['ds'],
      categories: ['all'],
    },
    statusOf('daemonsets', 'DaemonSet', true),
  ]);
  const scheduling = await call('GET', '/apis/scheduling.kcp.io/v1alpha1');
  t.same(scheduling.json.resources, [
    {
      name: 'placements',
      singularName: 'placement',
      namespaced: true,
      kind: 'Placement',
      verbs: VERBS,
      categories: ['tmc'],
    },
    statusOf('placements', 'Placement', true),
    {
      name: 'overrides',
      singularName: 'override',
      namespaced: true,
      kind: 'Override',
      verbs: VERBS,
      categories: ['tmc'],
    },
  ]);
});

t.test("/api/v1 lists the core kinds with kubectl's short names", async (t) => {
  const { call } = await testApp(t);
  const v1 = await call('GET', '/api/v1');
  t.equal(v1.statusCode, 200);
  t.match(v1.json, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: 'v1' });
  const kinds = v1.json.resources.filter((r: { name: string }) => !r.name.includes('/'));
  const names = Object.fromEntries(
    kinds.map((r: { name: string; shortNames?: string[] }) => [r.name, r.shortNames ?? []]),
  );
  t.same(names, {
    configmaps: ['cm'],
    secrets: [],
    services: ['svc'],
    serviceaccounts: ['sa'],
    persistentvolumeclaims: ['pvc'],
  });
  t.equal((await call('GET', '/api/v2')).statusCode, 404);
  const short = async (gv: string) =>
    (await call('GET', `/apis/${gv}`)).json.resources
      .filter((r: { name: string }) => !r.name.includes('/'))
      .map((r: { name: string; shortNames?: string[] }) => `${r.name}:${(r.shortNames ?? []).join('|')}`);
  t.same(await short('batch/v1'), ['jobs:', 'cronjobs:cj']);
  t.same(await short('networking.k8s.io/v1'), ['ingresses:ing', 'networkpolicies:netpol']);
  t.same(await short('policy/v1'), ['poddisruptionbudgets:pdb']);
  t.same(await short('autoscaling/v2'), ['horizontalpodautoscalers:hpa']);
  t.same(await short('rbac.authorization.k8s.io/v1'), [
    'roles:',
    'rolebindings:',
    'clusterroles:',
    'clusterrolebindings:',
  ]);
});

t.test('an unknown group or version is a 404 Status', async (t) => {
  const { call } = await testApp(t);
  for (const url of ['/apis/nope.example.com', '/apis/apps/v2', '/apis/nope.example.com/v1']) {
    const reply = await call('GET', url);
    t.equal(reply.statusCode, 404, url);
    t.match(reply.json, { kind: 'Status', reason: 'NotFound' }, url);
  }
});

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
    ['configmaps', 'secrets', 'services', 'serviceaccounts', 'persistentvolumeclaims'],
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
