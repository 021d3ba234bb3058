// RBAC of tmc's own API on both stores: two teams with `edit` in their own namespace and `view`
// in the other's, the 403 in kube-apiserver's words, and verbs, watch, resourceNames and Roles in a namespace.
import t from 'tap';
import { ST_PATH, testApp } from '../helpers/app.js';
import { forEachStore } from '../helpers/stores.js';
import { DEPLOY_PATH, deployment } from '../helpers/workloads.js';
import { RBAC, as, bind, clusterRole, createUser, untilAllowed } from '../helpers/users.js';
import { CM, configMap, twoTeams } from './rbac-setup.js';

forEachStore(t, (t) => {
  t.test('two teams: edit in their own namespace, view in the other, nothing elsewhere', async (t) => {
    const api = await testApp(t);
    const { alice, bob } = await twoTeams(api);
    t.equal((await api.call('POST', DEPLOY_PATH('team-a'), deployment('web'), as(alice))).statusCode, 201);
    t.equal((await api.call('POST', DEPLOY_PATH('team-b'), deployment('api'), as(bob))).statusCode, 201);
    t.equal(
      (await api.call('GET', `${DEPLOY_PATH('team-a')}/web`, undefined, as(bob))).statusCode,
      200,
      'bob views team-a',
    );
    t.equal((await api.call('GET', DEPLOY_PATH('team-a'), undefined, as(bob))).statusCode, 200);
    const denied = await api.call('PATCH', `${DEPLOY_PATH('team-a')}/web`, { spec: { replicas: 3 } }, as(bob));
    t.match(denied.json, {
      code: 403,
      reason: 'Forbidden',
      details: { name: 'web', group: 'apps', kind: 'deployments' },
      message:
        'deployments.apps "web" is forbidden: User "bob" cannot patch resource "deployments" in API group "apps" in the namespace "team-a"',
    });
    t.equal((await api.call('DELETE', `${DEPLOY_PATH('team-a')}/web`, undefined, as(bob))).statusCode, 403);
    t.equal((await api.call('DELETE', DEPLOY_PATH('team-a'), undefined, as(bob))).statusCode, 403, 'deletecollection');
    t.match(
      (await api.call('GET', DEPLOY_PATH('team-c'), undefined, as(alice))).json,
      { code: 403 },
      'no binding in team-c',
    );
    const all = await api.call('GET', '/apis/apps/v1/deployments', undefined, as(alice));
    t.same(
      all.json.items.map((d: any) => `${d.metadata.namespace}/${d.metadata.name}`),
      ['team-a/web', 'team-b/api'],
      'all namespaces: the two where alice may list',
    );
    t.match(
      (await api.call('GET', '/api/v1/namespaces/team-b/secrets', undefined, as(alice))).json,
      { code: 403, message: /in API group "" in the namespace "team-b"/ },
      'view reads no Secrets',
    );
    t.equal(
      (await api.call('GET', '/api/v1/namespaces/team-a/secrets', undefined, as(alice))).statusCode,
      200,
      'edit does',
    );
    t.equal(
      (await api.call('POST', `${RBAC}/namespaces/team-a/rolebindings`, {}, as(alice))).statusCode,
      403,
      'edit does not grant RBAC',
    );
    // A namespace's bounds, as in Kubernetes: every default role reads them, none writes them.
    const quota = { metadata: { name: 'bounds' }, spec: { hard: { pods: 1000 } } };
    const raised = await api.call('POST', '/api/v1/namespaces/team-a/resourcequotas', quota, as(alice));
    t.match(raised.json, { code: 403, message: /cannot create resource "resourcequotas"/ }, 'edit sets no quota');
    const limits = { metadata: { name: 'bounds' }, spec: { limits: [{ type: 'Container', max: { cpu: '64' } }] } };
    t.equal((await api.call('POST', '/api/v1/namespaces/team-a/limitranges', limits, as(alice))).statusCode, 403);
    t.equal(
      (await api.call('POST', '/api/v1/namespaces/team-a/resourcequotas', quota)).statusCode,
      201,
      'an admin does',
    );
    t.equal(
      (await api.call('GET', '/api/v1/namespaces/team-a/resourcequotas/bounds', undefined, as(alice))).statusCode,
      200,
      'edit reads it',
    );
    t.equal((await api.call('GET', '/api/v1/namespaces/team-a/resourcequotas', undefined, as(bob))).statusCode, 200);
    const scaled = await api.call('PATCH', `${DEPLOY_PATH('team-a')}/web/scale`, { spec: { replicas: 2 } }, as(alice));
    t.equal(scaled.statusCode, 200, 'edit covers the scale subresource');
    t.equal(
      (await api.call('GET', `${DEPLOY_PATH('team-a')}/web/status`, undefined, as(bob))).statusCode,
      200,
      'view: status',
    );
    t.equal(
      (await api.call('GET', ST_PATH, undefined, as(alice))).statusCode,
      403,
      'no SyncTargets without fleet-admin',
    );
    t.equal(
      (await api.call('GET', `${ST_PATH}/x/tokens`, undefined, as(alice))).statusCode,
      403,
      'nor their token times',
    );
    t.equal((await api.call('GET', '/apis/tmc.kcp.io/v1alpha1/users', undefined, as(alice))).statusCode, 403);
  });

  t.test('verbs, watch, resourceNames and Roles in a namespace are judged as Kubernetes does', async (t) => {
    const api = await testApp(t);
    const carol = await createUser(api, 'carol');
    await clusterRole(api, 'list-cm', [
      { verbs: ['list'], apiGroups: [''], resources: ['configmaps'] },
      { verbs: ['get', 'update'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['allowed'] },
    ]);
    await bind(api, 'carol', 'list-cm', [{ kind: 'User', name: 'carol' }], 'ns1');
    const role = await api.call('POST', `${RBAC}/namespaces/ns2/roles`, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'creator' },
      rules: [{ verbs: ['create'], apiGroups: [''], resources: ['configmaps'] }],
    });
    t.equal(role.statusCode, 201);
    await bind(api, 'carol', 'creator', [{ kind: 'User', name: 'carol' }], 'ns2', 'Role');
    await untilAllowed(api, carol, { verb: 'create', resource: 'configmaps', namespace: 'ns2' });
    t.equal((await api.call('POST', CM('ns1'), configMap('allowed'))).statusCode, 201);
    t.equal((await api.call('POST', CM('ns1'), configMap('other'))).statusCode, 201);
    t.equal((await api.call('GET', CM('ns1'), undefined, as(carol))).statusCode, 200, 'list');
    t.match(
      (await api.call('GET', `${CM('ns1')}?watch=true`, undefined, as(carol))).json,
      { code: 403, message: /cannot watch resource "configmaps"/ },
      'list is not watch',
    );
    t.equal((await api.call('GET', `${CM('ns1')}/allowed`, undefined, as(carol))).statusCode, 200, 'a named object');
    t.equal((await api.call('GET', `${CM('ns1')}/other`, undefined, as(carol))).statusCode, 403, 'another name');
    t.equal((await api.call('POST', CM('ns1'), configMap('x'), as(carol))).statusCode, 403);
    t.equal((await api.call('POST', CM('ns2'), configMap('x'), as(carol))).statusCode, 201, 'the Role of ns2');
    t.equal((await api.call('GET', CM('ns2'), undefined, as(carol))).statusCode, 403);
    t.equal(
      (await api.call('GET', CM('ns3'), undefined, as(carol))).statusCode,
      403,
      'a Role counts in its namespace only',
    );
  });
});
