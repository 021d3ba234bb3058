// Users through HTTP on both stores: created by the admin, a token shown once and stored as a
// hash, rotation with a grace, revocation, expiry, deletion, and group changes that hold at once.
import t from 'tap';
import { ST_PATH, syncTarget, testApp } from '../helpers/app.js';
import { filesContaining, heartbeat, sha256Hex, targetWithToken } from '../helpers/agents.js';
import { forEachStore } from '../helpers/stores.js';
import { USERS_PATH, as, bind, createUser, untilAllowed, userToken } from '../helpers/users.js';

forEachStore(t, (t) => {
  t.test('a created user gets a token once, as a hash at rest; it reaches discovery but nothing unbound', async (t) => {
    const api = await testApp(t);
    const token = await createUser(api, 'alice', ['team-a']);
    t.match(token, /^tmcuser_[A-Za-z0-9_-]{43}$/);
    t.equal(
      (await api.call('GET', '/apis', undefined, as(token))).statusCode,
      200,
      'discovery, as system:authenticated',
    );
    const listed = await api.call('GET', '/apis/apps/v1/namespaces/team-a/deployments', undefined, as(token));
    t.equal(listed.statusCode, 403);
    t.match(listed.json, {
      kind: 'Status',
      reason: 'Forbidden',
      details: { group: 'apps', kind: 'deployments' },
      message:
        'deployments.apps is forbidden: User "alice" cannot list resource "deployments" in API group "apps" in the namespace "team-a"',
    });
    const read = await api.call('GET', `${USERS_PATH}/alice`);
    t.same(read.json.spec, { groups: ['team-a'] });
    t.notMatch(read.body, /tmcuser_|hash/, 'the User object shows no token');
    if (t.context.tmcStoreKind !== 'postgres') {
      await api.app.close();
      t.same(filesContaining(api.dataDir, token), [], 'the token is in no file');
      t.not(filesContaining(api.dataDir, sha256Hex(token)).length, 0, 'its hash is');
    }
  });

  t.test('a token for a user that does not exist is a 404; a bad request body a 4xx that issues nothing', async (t) => {
    const api = await testApp(t);
    t.match((await api.call('POST', `${USERS_PATH}/nobody/tokens`, {})).json, { code: 404, reason: 'NotFound' });
    const token = await createUser(api, 'bob');
    const bad = await api.call('POST', `${USERS_PATH}/bob/tokens`, { expirationSeconds: 5 });
    t.match(bad.json, { code: 422, reason: 'Invalid' });
    const unknown = await api.call('POST', `${USERS_PATH}/bob/tokens`, { lifetime: 5 });
    t.match(unknown.json, { code: 400, message: /lifetime/ });
    t.equal((await api.call('GET', '/apis', undefined, as(token))).statusCode, 200, 'the first token was not capped');
  });

  t.test('rotation: grace 0 ends the older token at once, the newer works; DELETE tokens ends all', async (t) => {
    const api = await testApp(t);
    const older = await createUser(api, 'alice');
    const withGrace = await userToken(api, 'alice');
    t.equal(
      (await api.call('GET', '/apis', undefined, as(older))).statusCode,
      200,
      'the older works within the default grace',
    );
    const newest = await userToken(api, 'alice', { gracePeriodSeconds: 0 });
    t.equal((await api.call('GET', '/apis', undefined, as(older))).statusCode, 401);
    t.equal((await api.call('GET', '/apis', undefined, as(withGrace))).statusCode, 401);
    t.equal((await api.call('GET', '/apis', undefined, as(newest))).statusCode, 200);
    const revoked = await api.call('DELETE', `${USERS_PATH}/alice/tokens`);
    t.match(revoked.json, { kind: 'Status', status: 'Success' });
    t.equal((await api.call('GET', '/apis', undefined, as(newest))).statusCode, 401, 'revoked at once');
    t.equal(
      (await api.call('GET', '/apis', undefined, as(await userToken(api, 'alice')))).statusCode,
      200,
      'a new one works',
    );
  });

  t.test('expiry: expirationSeconds sets the end; an expired token is refused', async (t) => {
    const api = await testApp(t);
    await createUser(api, 'alice');
    const issued = await api.call('POST', `${USERS_PATH}/alice/tokens`, { expirationSeconds: 600 });
    const end = Date.parse(issued.json.expirationTimestamp);
    t.ok(end > Date.now() + 590_000 && end <= Date.now() + 600_000, 'ends in ten minutes');
    const user = (await api.call('GET', `${USERS_PATH}/alice`)).json;
    const { token } = await api.app.userTokens.issue('alice', user.metadata.uid, { expiresInMs: -1 });
    t.equal((await api.call('GET', '/apis', undefined, as(token))).statusCode, 401);
  });

  t.test('deleting a user, or re-creating it, ends its tokens at once', async (t) => {
    const api = await testApp(t);
    const token = await createUser(api, 'alice');
    t.equal((await api.call('DELETE', `${USERS_PATH}/alice`)).statusCode, 200);
    t.equal((await api.call('GET', '/apis', undefined, as(token))).statusCode, 401);
    await createUser(api, 'alice');
    t.equal((await api.call('GET', '/apis', undefined, as(token))).statusCode, 401, 'not for the new incarnation');
  });

  t.test('groups are read on each request: a group removed takes its rights away at once', async (t) => {
    const api = await testApp(t);
    const token = await createUser(api, 'alice', ['team-a']);
    await bind(api, 'team-a-edit', 'edit', [{ kind: 'Group', name: 'team-a' }], 'team-a');
    await untilAllowed(api, token, { verb: 'list', group: 'apps', resource: 'deployments', namespace: 'team-a' });
    const patched = await api.call('PATCH', `${USERS_PATH}/alice`, { spec: { groups: [] } });
    t.equal(patched.statusCode, 200);
    t.equal(
      (await api.call('GET', '/apis/apps/v1/namespaces/team-a/deployments', undefined, as(token))).statusCode,
      403,
    );
  });

  t.test('user tokens never reach the agent endpoints, and agent tokens never the users', async (t) => {
    const api = await testApp(t);
    const agent = await targetWithToken(api, 'edge-1');
    const token = await createUser(api, 'alice');
    await bind(api, 'alice-all', 'cluster-admin', [{ kind: 'User', name: 'alice' }]);
    await untilAllowed(api, token, { verb: 'list', group: 'workload.kcp.io', resource: 'synctargets' });
    t.equal((await heartbeat(api, 'edge-1', token)).statusCode, 403, 'not even as cluster-admin');
    t.equal((await api.call('GET', USERS_PATH, undefined, as(agent))).statusCode, 403);
    t.equal((await api.call('POST', ST_PATH, syncTarget('edge-2'), as(token))).statusCode, 201, 'cluster-admin writes');
  });
});
