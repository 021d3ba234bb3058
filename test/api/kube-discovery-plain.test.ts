// Kubernetes discovery in the plain meta/v1 form: /api, /apis, /apis/<group>, /apis/<group>/<version> and /api/v1.
import t from 'tap';
import { testApp } from '../helpers/app.js';
import { SUBRESOURCE_VERBS, VERBS, statusOf } from './kube-discovery-setup.js';

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
    group('apiextensions.k8s.io', 'v1'),
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
    resourcequotas: ['quota'],
    limitranges: ['limits'],
    namespaces: ['ns'],
  });
  const namespaces = v1.json.resources.find((r: { name: string }) => r.name === 'namespaces');
  t.match(namespaces, { namespaced: false, kind: 'Namespace' });
  // As kube-apiserver serves them: no deletecollection.
  t.same(namespaces.verbs.sort(), ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']);
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
