// The issuer's keys: fetched once, fetched again when a token names a key the set does not hold
// (a rotation), but at most once per 10 s, and an issuer that is down is not asked per token.
import { type JWK, SignJWT, exportJWK, generateKeyPair } from 'jose';
import t from 'tap';
import { OidcVerifier } from '../../../src/access/oidc.js';
import { IssuerKeys } from '../../../src/access/oidc-keys.js';

const ISSUER = 'https://issuer.example';

async function key(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'ES256' };
  const sign = (sub: string) =>
    new SignJWT({ sub })
      .setProtectedHeader({ alg: 'ES256', kid })
      .setIssuer(ISSUER)
      .setAudience('tmc')
      .setExpirationTime('5m')
      .sign(privateKey);
  return { jwk, sign };
}

t.test('rotation within the refresh bound, an issuer that is down', async (t) => {
  let now = 1_000_000;
  let published: JWK[] = [];
  let down = false;
  const fetched: string[] = [];
  const fetch = async (url: string) => {
    fetched.push(url);
    if (down) throw new Error('connect ECONNREFUSED');
    return url.endsWith('/openid-configuration') ? { issuer: ISSUER, jwks_uri: `${ISSUER}/keys` } : { keys: published };
  };
  const keys = new IssuerKeys(ISSUER, undefined, fetch, () => now);
  const reasons: string[] = [];
  const options = { issuerUrl: ISSUER, clientId: 'tmc', usernameClaim: 'sub', signingAlgs: ['ES256'] };
  const verifier = new OidcVerifier(options, (reason) => reasons.push(reason), keys);

  const k1 = await key('k1');
  published = [k1.jwk];
  t.match(await verifier.verify(await k1.sign('alice')), { kind: 'user', name: `${ISSUER}#alice` });
  t.equal(fetched.length, 2, 'discovery and the key set');

  const k2 = await key('k2');
  published = [k1.jwk, k2.jwk];
  now += 1_000;
  t.equal(await verifier.verify(await k2.sign('alice')), undefined, 'within 10 s of the last fetch: not fetched again');
  t.equal(fetched.length, 2);
  t.match(reasons.at(-1), /no applicable key/i);
  now += 10_000;
  t.match(await verifier.verify(await k2.sign('bob')), { name: `${ISSUER}#bob` }, 'a new key is fetched after that');
  t.equal(fetched.length, 4);
  t.match(await verifier.verify(await k1.sign('carol')), { name: `${ISSUER}#carol` }, 'the old key while published');

  const fresh = new IssuerKeys(ISSUER, undefined, fetch, () => now);
  const cold = new OidcVerifier(options, () => undefined, fresh);
  down = true;
  const before = fetched.length;
  for (let i = 0; i < 5; i++) t.equal(await cold.verify(await k1.sign('alice')), undefined, 'issuer down: refused');
  t.equal(fetched.length, before + 1, 'asked once, not per token');
  down = false;
  now += 10_000;
  t.match(await cold.verify(await k1.sign('alice')), { name: `${ISSUER}#alice` }, 'asked again after 10 s');
});

t.test('usernames and groups as kube-apiserver names them', async (t) => {
  const k1 = await key('k1');
  const fetch = async (url: string) =>
    url.endsWith('/openid-configuration') ? { issuer: ISSUER, jwks_uri: `${ISSUER}/keys` } : { keys: [k1.jwk] };
  const verifierWith = (extra: Record<string, unknown>) =>
    new OidcVerifier(
      { issuerUrl: ISSUER, clientId: 'tmc', usernameClaim: 'sub', signingAlgs: ['ES256'], ...extra },
      () => undefined,
      new IssuerKeys(ISSUER, undefined, fetch),
    );
  const token = await k1.sign('alice');
  t.match(await verifierWith({ usernamePrefix: '-' }).verify(token), { name: 'alice' }, "'-': no prefix");
  t.match(await verifierWith({ usernamePrefix: 'corp:' }).verify(token), { name: 'corp:alice' });
  t.same(await verifierWith({}).verify(token), {
    kind: 'user',
    name: `${ISSUER}#alice`,
    groups: ['system:authenticated'],
  });
  t.equal(verifierWith({}).verify('tmcuser_abc'), undefined, 'not a JWT: not looked at');
  t.equal(await verifierWith({ signingAlgs: ['RS256'] }).verify(token), undefined, 'an algorithm not allowed');
});
