// The signing keys of an OpenID Connect issuer, as kube-apiserver finds them: the issuer's
// discovery document (`<issuer>/.well-known/openid-configuration`) names its `jwks_uri`, whose
// key set verifies the ID tokens. Fetched on first use and again when a token names a key the
// set does not hold (the issuer rotated its keys), at most once per REFRESH_MS so tokens with
// made-up key ids cannot make the server hammer the issuer.
import { get } from 'node:https';
import { type JSONWebKeySet, type JWTVerifyGetKey, createLocalJWKSet } from 'jose';

const REFRESH_MS = 10_000;
/** A key set or a discovery document larger than this is not an issuer's. */
const MAX_BYTES = 1024 * 1024;

/** GETs a JSON document over HTTPS, trusting `ca` when given (else the system's roots). */
export function fetchJson(url: string, ca: string | undefined): Promise<unknown> {
  return new Promise((resolve, reject) => {
    if (!url.startsWith('https://')) return reject(new Error(`${url} is not an https:// URL`));
    const request = get(url, { ca, timeout: 10_000 }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BYTES) request.destroy(new Error(`${url} answered more than ${MAX_BYTES} bytes`));
        else chunks.push(chunk);
      });
      response.on('end', () => {
        if (response.statusCode !== 200) return reject(new Error(`${url} answered ${response.statusCode}`));
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch {
          reject(new Error(`${url} did not answer JSON`));
        }
      });
    });
    request.on('timeout', () => request.destroy(new Error(`${url} did not answer within 10s`)));
    request.on('error', reject);
  });
}

export class IssuerKeys {
  private keys?: JWTVerifyGetKey;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private pending?: Promise<JWTVerifyGetKey>;
  private failure?: Error;

  constructor(
    private readonly issuer: string,
    private readonly ca: string | undefined,
    private readonly fetch = fetchJson,
    private readonly now = Date.now,
  ) {}

  /** The key set as last fetched, fetching it first if it never was. */
  current(): Promise<JWTVerifyGetKey> {
    return this.keys ? Promise.resolve(this.keys) : this.refresh();
  }

  /** Fetches the key set again unless it was fetched within REFRESH_MS; the set then held. */
  refresh(): Promise<JWTVerifyGetKey> {
    const recent = this.now() - this.fetchedAt < REFRESH_MS;
    if (recent && this.keys) return Promise.resolve(this.keys);
    if (recent && this.failure) return Promise.reject(this.failure);
    this.pending ??= this.load().then(
      (keys) => {
        this.pending = this.failure = undefined;
        return keys;
      },
      (error: Error) => {
        this.pending = undefined;
        this.failure = error;
        throw error;
      },
    );
    return this.pending;
  }

  private async load(): Promise<JWTVerifyGetKey> {
    // Counted from the attempt: an issuer that is down is asked again after REFRESH_MS, not per token.
    this.fetchedAt = this.now();
    const discovery = (await this.fetch(
      `${this.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
      this.ca,
    )) as {
      issuer?: unknown;
      jwks_uri?: unknown;
    };
    if (discovery.issuer !== this.issuer) {
      throw new Error(`the discovery document names issuer ${String(discovery.issuer)}, not ${this.issuer}`);
    }
    if (typeof discovery.jwks_uri !== 'string') throw new Error('the discovery document has no jwks_uri');
    const set = (await this.fetch(discovery.jwks_uri, this.ca)) as JSONWebKeySet;
    if (!Array.isArray(set?.keys)) throw new Error(`${discovery.jwks_uri} is not a JSON Web Key Set`);
    this.keys = createLocalJWKSet(set);
    return this.keys;
  }
}
