// OpenID Connect ID tokens as bearer tokens, judged as kube-apiserver's --oidc-* flags judge them:
// signed by the issuer's keys with an allowed algorithm, `iss` the issuer URL, `aud` holding the
// client id, unexpired; the username from one claim (prefixed with `<issuer>#` unless the claim is
// `email` or a prefix is given, `-` for none), groups from another with their own prefix. The user
// then meets RBAC as a tmc User of that name and those groups would.
import { errors, jwtVerify } from 'jose';
import type { TokenVerifier, UserPrincipal } from '../schemas/principal.js';
import { IssuerKeys } from './oidc-keys.js';
import { AUTHENTICATED_GROUP } from './user-tokens.js';

export interface OidcOptions {
  issuerUrl: string;
  clientId: string;
  usernameClaim: string;
  /** Undefined: kube-apiserver's default (`<issuer>#` unless the claim is `email`); '-': none. */
  usernamePrefix?: string;
  groupsClaim?: string;
  groupsPrefix?: string;
  signingAlgs: string[];
  /** PEM of the CA that signed the issuer's serving certificate; else the system's roots. */
  caPem?: string;
}

/** Three base64url parts: the only tokens worth a signature check (tmc's own tokens never are). */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Why a token was refused, without the token: for a debug log line. */
export type OidcRefusal = (reason: string) => void;

export class OidcVerifier implements TokenVerifier {
  private readonly keys: IssuerKeys;
  private readonly prefix: string;

  constructor(
    private readonly options: OidcOptions,
    private readonly refused: OidcRefusal = () => undefined,
    keys?: IssuerKeys,
  ) {
    this.keys = keys ?? new IssuerKeys(options.issuerUrl, options.caPem);
    const { usernamePrefix, usernameClaim, issuerUrl } = options;
    if (usernamePrefix === '-') this.prefix = '';
    else this.prefix = usernamePrefix ?? (usernameClaim === 'email' ? '' : `${issuerUrl}#`);
  }

  /** Fetches the issuer's keys ahead of the first token; a failure is only reported. */
  warmUp(): Promise<void> {
    return this.keys.current().then(() => undefined);
  }

  verify(token: string): Promise<UserPrincipal | undefined> | undefined {
    if (!JWT_SHAPE.test(token)) return undefined;
    return this.check(token).catch((error: Error) => {
      this.refused(error.message);
      return undefined;
    });
  }

  private async check(token: string): Promise<UserPrincipal | undefined> {
    const { issuerUrl, clientId, signingAlgs } = this.options;
    const checks = { issuer: issuerUrl, audience: clientId, algorithms: signingAlgs };
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, await this.keys.current(), checks));
    } catch (error) {
      // A key the set does not hold: the issuer may have rotated its keys since they were fetched.
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
      ({ payload } = await jwtVerify(token, await this.keys.refresh(), checks));
    }
    return this.principal(payload);
  }

  private principal(claims: Record<string, unknown>): UserPrincipal | undefined {
    const { usernameClaim, groupsClaim, groupsPrefix = '' } = this.options;
    const username = claims[usernameClaim];
    if (typeof username !== 'string' || username === '') {
      throw new Error(`the token has no string claim "${usernameClaim}"`);
    }
    if (usernameClaim === 'email' && claims.email_verified !== undefined && claims.email_verified !== true) {
      throw new Error('the token says its email is not verified');
    }
    const given = groupsClaim === undefined ? undefined : claims[groupsClaim];
    // A single group may come as a string, as kube-apiserver accepts it.
    const list = typeof given === 'string' ? [given] : Array.isArray(given) ? given : [];
    if (!list.every((g): g is string => typeof g === 'string')) {
      throw new Error(`the claim "${groupsClaim}" is not a list of strings`);
    }
    const groups = list.map((g) => `${groupsPrefix}${g}`).filter((g) => g !== AUTHENTICATED_GROUP);
    return { kind: 'user', name: `${this.prefix}${username}`, groups: [...groups, AUTHENTICATED_GROUP] };
  }
}

/** The verifier the server's --oidc-* settings ask for, or undefined without --oidc-issuer-url. */
export function oidcVerifierOf(
  config: {
    oidcIssuerUrl?: string;
    oidcClientId?: string;
    oidcUsernameClaim: string;
    oidcUsernamePrefix?: string;
    oidcGroupsClaim?: string;
    oidcGroupsPrefix?: string;
    oidcSigningAlgs: string[];
  },
  caPem: string | undefined,
  refused?: OidcRefusal,
): OidcVerifier | undefined {
  if (!config.oidcIssuerUrl || !config.oidcClientId) return undefined;
  const options: OidcOptions = {
    issuerUrl: config.oidcIssuerUrl,
    clientId: config.oidcClientId,
    usernameClaim: config.oidcUsernameClaim,
    usernamePrefix: config.oidcUsernamePrefix,
    groupsClaim: config.oidcGroupsClaim,
    groupsPrefix: config.oidcGroupsPrefix,
    signingAlgs: config.oidcSigningAlgs.length > 0 ? config.oidcSigningAlgs : ['RS256'],
    caPem,
  };
  return new OidcVerifier(options, refused);
}
