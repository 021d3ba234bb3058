// A local OpenID Connect issuer for the OIDC tests: an HTTPS server (its own CA) serving the
// discovery document and a key set, and ID tokens signed with its current key. `rotate()` swaps
// in a new key (the old one leaves the set), as issuers rotate; `fetches` counts key set reads.
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, type JWK, SignJWT, exportJWK, generateKeyPair } from 'jose';
import { createCa, createServingCert } from '../../src/pki/certificates.js';

export interface Issuer {
  url: string;
  caPem: string;
  fetches: number;
  token(
    claims: Record<string, unknown>,
    options?: { audience?: string; expiresIn?: string; issuer?: string },
  ): Promise<string>;
  /** A token signed by a key the issuer never published. */
  forged(claims: Record<string, unknown>): Promise<string>;
  rotate(): Promise<void>;
  close(): Promise<void>;
}

async function newKey(kid: string): Promise<{ privateKey: CryptoKey; jwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

export async function startIssuer(clientId: string): Promise<Issuer> {
  const ca = createCa('test oidc issuer CA');
  const serving = createServingCert(ca, { dns: ['localhost'], ips: ['127.0.0.1'] });
  let key = await newKey('k1');
  let generation = 1;
  const server = createServer({ cert: serving.cert, key: serving.key }, (request, response) => {
    response.setHeader('content-type', 'application/json');
    if (request.url === '/.well-known/openid-configuration') {
      response.end(JSON.stringify({ issuer: url, jwks_uri: `${url}/keys` }));
    } else if (request.url === '/keys') {
      issuer.fetches++;
      response.end(JSON.stringify({ keys: [key.jwk] }));
    } else {
      response.statusCode = 404;
      response.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sign = (
    claims: Record<string, unknown>,
    signer: { privateKey: CryptoKey; jwk: JWK },
    o: { audience?: string; expiresIn?: string; issuer?: string } = {},
  ) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: signer.jwk.kid })
      .setIssuer(o.issuer ?? url)
      .setAudience(o.audience ?? clientId)
      .setIssuedAt()
      .setExpirationTime(o.expiresIn ?? '10m')
      .sign(signer.privateKey);
  const issuer: Issuer = {
    url,
    caPem: ca.cert,
    fetches: 0,
    token: (claims, options) => sign(claims, key, options),
    forged: async (claims) => sign(claims, await newKey(key.jwk.kid ?? 'k1')),
    rotate: async () => {
      key = await newKey(`k${++generation}`);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return issuer;
}
