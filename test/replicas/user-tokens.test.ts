// User tokens across replicas: a revocation through one replica holds on the other from the very
// next request. Each user-token request reads the token and the User from the shared store (no
// per-replica cache, unlike agent tokens), so nothing has to reach the other replica first.
import t from 'tap';
import { request } from 'undici';
import { tmc } from '../cli/cli-helpers.js';
import { REPLICA_TOKEN, type Replica, startReplicas } from '../helpers/replicas.js';

const DEPLOYMENTS = '/apis/apps/v1/namespaces/team-a/deployments';

const as = async (replica: Replica, token: string, path = DEPLOYMENTS): Promise<number> => {
  const reply = await request(`${replica.server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  await reply.body.dump();
  return reply.statusCode;
};

/** The built CLI as the admin against one replica, as an operator runs it. */
const cli = (replica: Replica, ...args: string[]) =>
  tmc(args, { env: { TMC_SERVER: replica.server.url, TMC_TOKEN: REPLICA_TOKEN } });

t.test('a user token revoked through one replica is refused by the other at once', async (t) => {
  const {
    replicas: [a, b],
  } = await startReplicas(t, 2);
  const created = await cli(a!, 'user', 'create', 'alice', '--group', 'team-a');
  t.equal(created.code, 0, created.stderr);
  const token = created.stdout.trim();
  t.match(token, /^tmcuser_/);
  const binding = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'edit' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
    subjects: [{ kind: 'Group', name: 'team-a', apiGroup: 'rbac.authorization.k8s.io' }],
  };
  t.equal(
    (await a!.call('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/rolebindings', binding)).statusCode,
    201,
  );
  // The binding reaches each replica's RBAC through the change feed: wait for both to grant.
  for (const [name, replica] of [
    ['A', a!],
    ['B', b!],
  ] as const) {
    for (let i = 0; (await as(replica, token)) !== 200; i++) {
      if (i > 400) throw new Error(`replica ${name} never granted the binding`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  t.equal(await as(a!, token), 200, 'A accepts the token');
  t.equal(await as(b!, token), 200, 'B accepts the token');

  const revoked = await cli(a!, 'user', 'revoke', 'alice');
  t.equal(revoked.code, 0, revoked.stderr);
  t.equal(revoked.stdout, 'user/alice tokens revoked\n');
  // No wait at all: the very next request on B.
  t.equal(await as(b!, token), 401, 'B refuses the revoked token on the next request');
  t.equal(await as(a!, token), 401, 'and so does A');
  t.equal(await as(b!, token, '/apis'), 401, 'on every path');

  // A new token works on both at once; deleting the User through B ends it on A at once.
  const issued = await cli(b!, 'user', 'token', 'alice');
  t.equal(issued.code, 0, issued.stderr);
  const fresh = issued.stdout.trim();
  t.equal(await as(a!, fresh), 200, 'a new token issued through B works on A at once');
  t.equal((await cli(b!, 'user', 'delete', 'alice')).code, 0);
  t.equal(await as(a!, fresh), 401, 'deleting the User through B ends its token on A at once');
});
