// `tmc user` through the built CLI against a real server: create prints a token once, which
// works as a bearer token and carries the groups; token rotates, revoke and delete end them.
import t from 'tap';
import { ST_PATH, assertOneLineError, startCliServer } from './cli-helpers.js';

t.setTimeout(300_000);

const RB = '/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/rolebindings';
const binding = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name: 'team-a-edit' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
  subjects: [{ kind: 'Group', name: 'team-a', apiGroup: 'rbac.authorization.k8s.io' }],
};

t.test('user create, token, revoke and delete', async (t) => {
  const server = await startCliServer(t);
  const created = await server.run(['user', 'create', 'alice', '--group', 'team-a', '--group', 'ops']);
  t.equal(created.code, 0, created.stderr);
  t.match(created.stdout, /^tmcuser_\S{43}\n$/, 'only the token, on one line');
  const token = created.stdout.trim();
  t.match((await server.http('GET', '/apis/tmc.kcp.io/v1alpha1/users/alice')).json, {
    spec: { groups: ['team-a', 'ops'] },
  });
  t.equal((await server.http('POST', RB, binding)).statusCode, 201);
  let listed: Awaited<ReturnType<typeof server.run>> | undefined;
  for (let i = 0; i < 200; i++) {
    listed = await server.run(['get', 'deployments', '-n', 'team-a', '--token', token]);
    if (listed.code === 0) break;
  }
  t.equal(listed?.code, 0, `the token lists what the group's binding grants (${listed?.stderr})`);
  assertOneLineError(
    t,
    await server.run(['get', 'st', '--token', token]),
    new RegExp(
      '^Error from server \\(Forbidden\\): synctargets.workload.kcp.io is forbidden: User "alice" cannot list ' +
        'resource "synctargets" in API group "workload.kcp.io" at the cluster scope — ask an admin for a RoleBinding',
    ),
    'a denial in kube-apiserver words, with what to do',
  );

  const rotated = await server.run(['user', 'token', 'alice', '--grace', '0s', '--expiration', '24h']);
  t.equal(rotated.code, 0, rotated.stderr);
  t.equal((await server.http('GET', '/apis', undefined, token)).statusCode, 401, 'the older token ended at once');
  const newer = rotated.stdout.trim();
  t.equal((await server.http('GET', '/apis', undefined, newer)).statusCode, 200);
  t.equal((await server.run(['user', 'revoke', 'alice'])).stdout, 'user/alice tokens revoked\n');
  t.equal((await server.http('GET', '/apis', undefined, newer)).statusCode, 401, 'revoked');
  assertOneLineError(
    t,
    await server.run(['user', 'token', 'alice', '--grace', 'soon']),
    /^error: --grace: invalid duration "soon"/,
    'bad duration',
  );
  t.equal((await server.run(['user', 'delete', 'alice'])).stdout, 'user "alice" deleted\n');
  assertOneLineError(
    t,
    await server.run(['user', 'token', 'alice']),
    /^Error from server \(NotFound\): users.tmc.kcp.io "alice" not found$/,
    'gone',
  );
  t.equal((await server.http('GET', ST_PATH)).statusCode, 200, 'the admin token is untouched');
});
