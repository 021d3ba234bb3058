// RBAC of tmc's own API on both stores: two teams with `edit` in their own namespace and `view`
// in the other's, the default ClusterRoles, resourceNames, subresources, watch, cluster scope,
// Roles in a namespace, the 403 in kube-apiserver's words, and the self reviews of `auth can-i`.
import t from 'tap';
import { ST_PATH, syncTarget, testApp, type TestApp } from '../helpers/app.js';
import { eventually } from '../helpers/agents.js';
import { forEachStore } from '../helpers/stores.js';
import { DEPLOY_PATH, deployment } from '../helpers/workloads.js';
import { RBAC, SSAR_PATH, SSRR_PATH, as, bind, canI, clusterRole, createUser, untilAllowed } from '../helpers/users.js';

const CM = (ns: string) => `/api/v1/namespaces/${ns}/configmaps`;
const configMap = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1' } });

async function twoTeams(api: TestApp) {
  const alice = await createUser(api, 'alice', ['team-a']);
  const bob = await createUser(api, 'bob', ['team-b']);
  await bind(api, 'edit', 'edit', [{ kind: 'Group', name: 'team-a' }], 'team-a');
  await bind(api, 'view-a', 'view', [{ kind: 'Group', name: 'team-b' }], 'team-a');
  await bind(api, 'edit', 'edit', [{ kind: 'Group', name: 'team-b' }], 'team-b');
  await bind(api, 'view-b', 'view', [{ kind: 'Group', name: 'team-a' }], 'team-b');
  await untilAllowed(api, alice, { verb: 'get', group: 'apps', resource: 'deployments', namespace: 'team-b' });
  await untilAllowed(api, bob, { verb: 'get', group: 'apps', resource: 'deployments', namespace: 'team-a' });
  return { alice, bob };
}

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
    t.match(all.json, {
      code: 403,
      message: /cannot list resource "deployments" in API group "apps" at the cluster scope$/,
    });
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

  t.test('tmc:fleet-admin manages SyncTargets and their tokens; admin keeps everything', async (t) => {
    const api = await testApp(t);
    const ops = await createUser(api, 'ops', ['fleet']);
    t.match((await api.call('POST', ST_PATH, syncTarget('edge-1'), as(ops))).json, {
      code: 403,
      message:
        'synctargets.workload.kcp.io is forbidden: User "ops" cannot create resource "synctargets" in API group "workload.kcp.io" at the cluster scope',
    });
    await bind(api, 'fleet', 'tmc:fleet-admin', [{ kind: 'Group', name: 'fleet' }]);
    await untilAllowed(api, ops, { verb: 'create', group: 'workload.kcp.io', resource: 'synctargets' });
    t.equal((await api.call('POST', ST_PATH, syncTarget('edge-1'), as(ops))).statusCode, 201);
    t.equal(
      (await api.call('PATCH', `${ST_PATH}/edge-1`, { spec: { unschedulable: true } }, as(ops))).statusCode,
      200,
      'cordon',
    );
    t.equal((await api.call('POST', `${ST_PATH}/edge-1/tokens`, {}, as(ops))).statusCode, 201, 'agent tokens');
    const times = await api.call('GET', `${ST_PATH}/edge-1/tokens`, undefined, as(ops));
    t.equal(times.json.tokens?.length, 1, 'and the times of the tokens, as the dashboard lists them');
    t.equal((await api.call('GET', DEPLOY_PATH('any'), undefined, as(ops))).statusCode, 200, 'and reads workloads');
    t.equal(
      (await api.call('POST', DEPLOY_PATH('any'), deployment('web'), as(ops))).statusCode,
      403,
      'but writes none',
    );
    t.equal(
      (await api.call('POST', `${RBAC}/clusterrolebindings`, {}, as(ops))).statusCode,
      403,
      'nor grants itself more',
    );
    t.equal((await api.call('GET', `${RBAC}/clusterrolebindings`)).statusCode, 200, 'the admin token: system:masters');
  });

  t.test('SelfSubjectAccessReview answers for the caller; SelfSubjectRulesReview lists its rules', async (t) => {
    const api = await testApp(t);
    const { alice } = await twoTeams(api);
    t.equal(
      await canI(api, alice, { verb: 'create', group: 'apps', resource: 'deployments', namespace: 'team-a' }),
      true,
    );
    t.equal(
      await canI(api, alice, { verb: 'create', group: 'apps', resource: 'deployments', namespace: 'team-b' }),
      false,
    );
    t.equal(await canI(api, alice, { verb: 'get', resource: 'secrets', namespace: 'team-b' }), false);
    const admin = await api.call('POST', SSAR_PATH, {
      spec: { resourceAttributes: { verb: 'delete', resource: 'anything' } },
    });
    t.match(admin.json, { kind: 'SelfSubjectAccessReview', status: { allowed: true } });
    const path = await api.call(
      'POST',
      SSAR_PATH,
      { spec: { nonResourceAttributes: { verb: 'get', path: '/apis' } } },
      as(alice),
    );
    t.match(path.json, { status: { allowed: true } });
    const neither = await api.call('POST', SSAR_PATH, { spec: {} }, as(alice));
    t.match(neither.json, { code: 400, message: /resourceAttributes or nonResourceAttributes/ });
    const rules = await api.call('POST', SSRR_PATH, { spec: { namespace: 'team-b' } }, as(alice));
    t.equal(rules.statusCode, 201);
    const deployments = rules.json.status.resourceRules.filter((r: { resources: string[] }) =>
      r.resources.includes('deployments'),
    );
    t.same(
      deployments.map((r: { verbs: string[] }) => r.verbs),
      [['get', 'list', 'watch']],
      'view only in team-b',
    );
    t.ok(rules.json.status.nonResourceRules.length > 0);
  });
});

/** A SelfSubjectAccessReview as kubectl 1.35 encodes it (copied from its -v=8 trace), asking "get deployments.apps in team-a". */
function kubectlReview(): Buffer {
  const s = (text: string) => Buffer.from(text);
  const field = (tag: number, body: Buffer) => Buffer.concat([Buffer.from([tag, body.length]), body]);
  const typeMeta = Buffer.concat([
    field(0x0a, s('authorization.k8s.io/v1')),
    field(0x12, s('SelfSubjectAccessReview')),
  ]);
  const attributes = Buffer.concat([
    field(0x0a, s('team-a')),
    field(0x12, s('get')),
    field(0x1a, s('apps')),
    field(0x22, s('')),
    field(0x2a, s('deployments')),
    field(0x32, s('')),
    field(0x3a, s('')),
  ]);
  const meta = Buffer.from([
    0x0a, 0x00, 0x12, 0x00, 0x1a, 0x00, 0x22, 0x00, 0x2a, 0x00, 0x32, 0x00, 0x38, 0x00, 0x42, 0x00,
  ]);
  const raw = Buffer.concat([
    field(0x0a, meta),
    field(0x12, field(0x0a, attributes)),
    field(0x1a, Buffer.from([8, 0, 0x12, 0, 0x1a, 0, 0x20, 0])),
  ]);
  return Buffer.concat([
    Buffer.from('k8s\0'),
    field(0x0a, typeMeta),
    field(0x12, raw),
    field(0x1a, s('')),
    field(0x22, s('')),
  ]);
}

forEachStore(t, (t) => {
  t.test('the self reviews take the protobuf body kubectl sends, and refuse other protobuf', async (t) => {
    const api = await testApp(t);
    const { alice, bob } = await twoTeams(api);
    const ask = (token: string, body: Buffer) =>
      api.call('POST', SSAR_PATH, undefined, {
        token,
        rawBody: body,
        contentType: 'application/vnd.kubernetes.protobuf',
      });
    t.match((await ask(alice, kubectlReview())).json, {
      kind: 'SelfSubjectAccessReview',
      status: { allowed: true },
      spec: { resourceAttributes: { namespace: 'team-a', verb: 'get', group: 'apps', resource: 'deployments' } },
    });
    await api.call('DELETE', `${RBAC}/namespaces/team-a/rolebindings/view-a`);
    const refused = await eventually(async () => {
      const reply = await ask(bob, kubectlReview());
      return reply.json.status.allowed === false ? reply : undefined;
    }, 'the view binding to go');
    t.equal(refused.statusCode, 201);
    t.match((await ask(alice, Buffer.from('{"spec":{}}'))).json, { code: 400, message: /k8s\\0/ });
    t.match((await ask(alice, Buffer.concat([Buffer.from('k8s\0'), Buffer.from([0x0a, 0x7f, 1])]))).json, {
      code: 400,
    });
    const deployments = await api.call('POST', DEPLOY_PATH('team-a'), undefined, {
      token: alice,
      rawBody: kubectlReview(),
      contentType: 'application/vnd.kubernetes.protobuf',
    });
    t.equal(deployments.statusCode, 415, 'no other route takes protobuf');
  });
});
