// Bearer-token authentication for every /apis call, and the fixed authorization rules: admin
// tokens reach everything, an agent token only its own target's agent routes, a user's token
// no agent route. Everything else a user does is judged by RBAC (authorize.ts).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest, preHandlerHookHandler } from 'fastify';
import type { RequestCheck } from './request-gate.js';
import type { AgentPrincipal, Principal, TokenVerifier, UserPrincipal } from '../../schemas/principal.js';
import type { AddressFailures } from '../../runtime/address-failures.js';
import { forbidden, tooManyRequests, unauthorized } from './errors.js';
import { afterHold } from './held-refusals.js';

/** Route access levels, set as `config.access` on each route. */
export type Access = 'public' | 'admin' | 'agent';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** Who may call the route; routes under /apis default to 'admin'. */
    access?: Access;
    /** The kind a route serves, named in validation errors. */
    kind?: string;
  }
}

export const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** Compares digests, not tokens, so timing reveals neither a token's content nor its length. */
export class AdminTokens implements TokenVerifier {
  private readonly digests: Buffer[];

  constructor(tokens: string[]) {
    this.digests = tokens.filter((t) => t.length > 0).map(sha256);
  }

  verify(token: string): Principal | undefined {
    const digest = sha256(token);
    let found = false;
    for (const known of this.digests) found = timingSafeEqual(known, digest) || found;
    return found ? { kind: 'admin' } : undefined;
  }
}

/** The token of an `Authorization: Bearer …` header. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** The first verifier's principal; synchronous as long as every verifier asked answers at once. */
function principalOf(
  verifiers: TokenVerifier[],
  token: string,
  from = 0,
): Principal | undefined | Promise<Principal | undefined> {
  for (let i = from; i < verifiers.length; i++) {
    const principal = verifiers[i]!.verify(token);
    if (principal instanceof Promise) return principal.then((found) => found ?? principalOf(verifiers, token, i + 1));
    if (principal) return principal;
  }
  return undefined;
}

/**
 * Who may call a route: admin tokens reach everything, an agent token only its own target's agent
 * routes. The one decision, shared by the route's gate and the heartbeat's front door.
 */
export function admission(
  principal: Principal | undefined,
  access: Access | undefined,
  target: string | undefined,
): Error | undefined {
  if (!principal) return unauthorized('Unauthorized: the bearer token is not valid (expired, revoked or mistyped)');
  if (principal.kind === 'admin') return undefined;
  if (principal.kind === 'user') {
    if (access !== 'agent') return undefined;
    return forbidden(`User "${principal.name}" cannot call the agent endpoints: they take agent tokens`);
  }
  if (access !== 'agent' || target !== principal.syncTarget) {
    return forbidden(
      `an agent token of synctarget "${principal.syncTarget}" may only call that synctarget's agent endpoints`,
    );
  }
  return undefined;
}

/** RBAC's decision on a user's request (authorize.ts). */
export type UserAuthorizer = (request: FastifyRequest, user: UserPrincipal) => Error | undefined;

/** The error that turns the request away, if any; records who is calling. */
function admit(
  request: FastifyRequest,
  access: Access | undefined,
  principal: Principal | undefined,
  authorize: UserAuthorizer | undefined,
): Error | undefined {
  if (principal) request.principal = principal;
  const refused = admission(principal, access, (request.params as { name?: string } | undefined)?.name);
  if (refused || principal?.kind !== 'user') return refused;
  return authorize ? authorize(request, principal) : forbidden(`User "${principal.name}" has no rights on this server`);
}

/** Whether an agent's token has not expired by `now`. */
export const stillValid = (principal: AgentPrincipal, now = Date.now()): boolean =>
  principal.expiresAt === null || principal.expiresAt > now;

/** Whether the token, judged again, still stands for the same incarnation, unexpired. */
const sameAgent = (before: AgentPrincipal, now: Principal | undefined): boolean =>
  now?.kind === 'agent' && now.syncTargetUid === before.syncTargetUid && stillValid(now);

export const expiredMeanwhile = (): Error =>
  unauthorized(
    'Unauthorized: the agent token expired, or its SyncTarget was deleted or re-created, while the request was sent',
  );

/** The refusal of an address that failed to authenticate too often, before any token work. */
export const tooManyFailures = (seconds: number): Error =>
  tooManyRequests(`too many failed authentications from this address: retry after ${seconds}s`, seconds);

/** Authentication and authorization of each request (a check of the request gate). */
export function authCheck(
  verifiers: TokenVerifier[],
  authorize?: UserAuthorizer,
  failures?: AddressFailures,
): RequestCheck {
  const judge = (request: FastifyRequest, access: Access | undefined, found: Principal | undefined) => {
    if (found || !failures) return admit(request, access, found, authorize);
    failures.failed(request.ip);
    const refused = admit(request, access, found, authorize);
    // Past the first few failures of a burst, each is answered a second late: a flooder's
    // connections then take the rest of its burst a few dozen a second, not all at once.
    return failures.paced(request.ip) ? afterHold(refused) : refused;
  };
  return (request) => {
    const access = request.routeOptions.config.access;
    const protectedPath = /^\/apis?(\/|\?|$)/.test(request.url);
    if (access === 'public' || (!access && !protectedPath)) return undefined;
    const token = bearerToken(request.headers.authorization);
    if (!token) return unauthorized();
    const wait = failures?.retryAfter(request.ip) ?? 0;
    if (wait > 0) return tooManyFailures(wait);
    const principal = principalOf(verifiers, token);
    if (principal instanceof Promise) return principal.then((found) => judge(request, access, found));
    return judge(request, access, principal);
  };
}

/**
 * An agent's token is judged again once the body has arrived, just before the route acts on it:
 * a body may take up to --request-timeout, and the token may end (or be capped by a rotation)
 * meanwhile. The same incarnation must still stand behind it. A hook of the agent routes only.
 */
export function agentRecheck(verifiers: TokenVerifier[]): preHandlerHookHandler {
  const agentRecheck: preHandlerHookHandler = (request, _reply, done) => {
    const before = request.principal;
    if (before?.kind !== 'agent') return done();
    const judge = (now: Principal | undefined) => (sameAgent(before, now) ? undefined : expiredMeanwhile());
    const now = principalOf(verifiers, bearerToken(request.headers.authorization) ?? '');
    if (now instanceof Promise) now.then((found) => done(judge(found)), done);
    else done(judge(now));
  };
  return agentRecheck;
}
