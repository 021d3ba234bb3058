// Bearer-token authentication of every /apis call (agent, admin and user tokens), and RBAC for users.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { readFileSync } from 'node:fs';
import type { TokenVerifier, UserPrincipal } from '../schemas/principal.js';
import { oidcVerifierOf } from '../access/oidc.js';
import fp from 'fastify-plugin';
import { resolveAdminTokens } from '../admin-token.js';
import { AdminTokens, agentRecheck, authCheck } from '../api/http/auth.js';
import { authorizeUser } from '../api/http/authorize.js';
import { bodyGuard } from '../api/http/body-guard.js';

async function auth(app: FastifyInstance): Promise<void> {
  // Agent tokens first: they are most of the traffic, and the agent verifier turns other
  // tokens away by their shape alone, without hashing them.
  // User tokens last: each costs a store read, and their shape turns the others away first.
  // OIDC ID tokens after them: each costs a signature check, and their shape turns tmc's own away.
  const verifiers: TokenVerifier[] = [
    app.agentTokens,
    new AdminTokens(resolveAdminTokens(app.config, app.log)),
    app.userTokens,
  ];
  const oidc = oidcVerifier(app);
  if (oidc) verifiers.push(oidc);
  const authorize = (request: FastifyRequest, user: UserPrincipal) => authorizeUser(app.authorizer, request, user);
  app.requestGate.add(authCheck(verifiers, authorize, app.authFailures));
  // After authentication: the caller's rate and its open watches and long-polls.
  app.requestGate.add((request, reply) => app.principalLimits.check(request, reply));
  // After authentication: a body is read only for a caller the route admits.
  app.requestGate.add(bodyGuard);
  // Only the agent routes, registered after this plugin, judge the token again after the body.
  const recheck = agentRecheck(verifiers);
  app.addHook('onRoute', (route) => {
    if (route.config?.access !== 'agent') return;
    route.preHandler = [...[route.preHandler ?? []].flat(), recheck];
  });
}

/** The OIDC verifier of --oidc-*, its keys fetched ahead of the first token (a failure is logged, not fatal). */
function oidcVerifier(app: FastifyInstance): TokenVerifier | undefined {
  const { config } = app;
  const log = app.log.child({ component: 'oidc' });
  let caPem: string | undefined;
  try {
    caPem = config.oidcCaFile ? readFileSync(config.oidcCaFile, 'utf8') : undefined;
  } catch (err) {
    throw new Error(`--oidc-ca-file ${config.oidcCaFile} cannot be read: ${(err as Error).message}`);
  }
  // Why a token was refused, never the token itself.
  const verifier = oidcVerifierOf(config, caPem, (reason) => log.debug({ reason }, 'oidc: token refused'));
  verifier?.warmUp().then(
    () => log.info({ issuer: config.oidcIssuerUrl }, 'oidc: issuer keys fetched'),
    (err: Error) =>
      log.warn({ issuer: config.oidcIssuerUrl, reason: err.message }, 'oidc: issuer keys not fetched yet'),
  );
  return verifier;
}

export default fp(auth, { name: 'auth', dependencies: ['http', 'agents', 'access'] });
