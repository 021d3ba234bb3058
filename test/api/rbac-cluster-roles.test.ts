// RBAC of tmc's own API on both stores: the default ClusterRoles for SyncTargets and their tokens, and the self
// reviews of `auth can-i` (SelfSubjectAccessReview and SelfSubjectRulesReview).
import t from 'tap';
import { ST_PATH, syncTarget, testApp } from '../helpers/app.js';
import { forEachStore } from '../helpers/stores.js';
import { DEPLOY_PATH, deployment } from '../helpers/workloads.js';
import { RBAC, SSAR_PATH, SSRR_PATH, as, bind, canI, createUser, untilAllowed } from '../helpers/users.js';
import { twoTeams } from './rbac-setup.js';

forEachStore(t, (t) => {
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
