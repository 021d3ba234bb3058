// OpenID Connect ID tokens from a real local issuer (HTTPS, discovery, key set), on both stores:
// a valid token is a user of `<issuer>#sub` with the prefixed groups of its claim, judged by RBAC
// like any user; a token for another audience, from another issuer, expired, or signed by a key
// the issuer never published is 401, and none of them is named in the answer.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import t from 'tap';
import { ConfigError, resolveConfig } from '../../src/config.js';
import { testApp } from '../helpers/app.js';
import { startIssuer } from '../helpers/oidc-issuer.js';
import { forEachStore } from '../helpers/stores.js';
import { bind, canI, untilAllowed } from '../helpers/users.js';
import { CM, configMap } from './rbac-setup.js';

t.test('--oidc-issuer-url needs --oidc-client-id, an https:// URL and asymmetric algorithms', async (t) => {
  const url = 'https://issuer.example';
  const refused = (config: Parameters<typeof resolveConfig>[0], why: RegExp) => {
    const error = t.throws(() => resolveConfig(config)) as Error;
    t.ok(error instanceof ConfigError, 'a configuration error');
    t.match(error.message, why);
  };
  refused({ oidcIssuerUrl: url }, /--oidc-issuer-url and --oidc-client-id must be given together/);
  refused({ oidcIssuerUrl: 'http://issuer.example', oidcClientId: 'tmc' }, /oidcIssuerUrl/);
  const hs256 = ['HS256'] as unknown as ['RS256'];
  refused({ oidcIssuerUrl: url, oidcClientId: 'tmc', oidcSigningAlgs: hs256 }, /oidcSigningAlgs/);
  t.same(resolveConfig({ oidcIssuerUrl: url, oidcClientId: 'tmc' }).oidcUsernameClaim, 'sub');
});

forEachStore(t, (t) => {
  t.test('ID tokens of the issuer are users RBAC judges; bad ones are 401', async (t) => {
    const issuer = await startIssuer('tmc');
    t.teardown(() => issuer.close());
    const caFile = join(mkdtempSync(join(tmpdir(), 'tmc-oidc-')), 'issuer-ca.pem');
    t.teardown(() => rmSync(dirname(caFile), { recursive: true, force: true }));
    writeFileSync(caFile, issuer.caPem);
    const api = await testApp(t, {
      oidcIssuerUrl: issuer.url,
      oidcClientId: 'tmc',
      oidcGroupsClaim: 'groups',
      oidcGroupsPrefix: 'oidc:',
      oidcCaFile: caFile,
    });
    await bind(api, 'edit', 'edit', [{ kind: 'Group', name: 'oidc:team-a' }], 'team-a');
    const alice = await issuer.token({ sub: 'alice', groups: ['team-a'] });
    await untilAllowed(api, alice, { verb: 'create', resource: 'configmaps', namespace: 'team-a' });

    const created = await api.call('POST', CM('team-a'), configMap('from-oidc'), { token: alice });
    t.equal(created.statusCode, 201, created.body);
    t.equal(created.json.metadata.managedFields[0].manager, 'lightMyRequest');
    const refused = await api.call('GET', CM('team-b'), undefined, { token: alice });
    t.equal(refused.statusCode, 403);
    t.match(refused.json.message, `User "${issuer.url}#alice" cannot list resource "configmaps"`);
    t.notOk(await canI(api, alice, { verb: 'list', resource: 'configmaps', namespace: 'team-b' }));

    const bob = await issuer.token({ sub: 'bob', groups: 'team-a' });
    t.ok(await canI(api, bob, { verb: 'list', resource: 'configmaps', namespace: 'team-a' }), 'one group as a string');
    const noGroups = await issuer.token({ sub: 'carol' });
    t.notOk(await canI(api, noGroups, { verb: 'list', resource: 'configmaps', namespace: 'team-a' }));

    const bad = {
      'another audience': await issuer.token({ sub: 'alice', groups: ['team-a'] }, { audience: 'other' }),
      'another issuer': await issuer.token({ sub: 'alice', groups: ['team-a'] }, { issuer: 'https://evil.example' }),
      expired: await issuer.token({ sub: 'alice', groups: ['team-a'] }, { expiresIn: '-1m' }),
      'a key never published': await issuer.forged({ sub: 'alice', groups: ['team-a'] }),
      'no sub claim': await issuer.token({ groups: ['team-a'] }),
      'not a list of groups': await issuer.token({ sub: 'alice', groups: [1] }),
    };
    for (const [why, token] of Object.entries(bad)) {
      const answer = await api.call('GET', CM('team-a'), undefined, { token });
      t.equal(answer.statusCode, 401, why);
      t.equal(answer.json.kind, 'Status', `${why}: a Status`);
      t.notMatch(answer.body, token.split('.')[1]!, `${why}: the token is not echoed`);
    }
    t.equal((await api.call('GET', CM('team-a'), undefined, { token: 'a.b.c' })).statusCode, 401, 'not a JWT');
    t.equal(issuer.fetches, 1, 'the key set was fetched once for all of these');
  });
});
