// Bearer-token authentication of every /apis call, with agent tokens and admin tokens.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { resolveAdminTokens } from '../admin-token.js';
import { AdminTokens, installAuth } from '../api/auth.js';
import { installBodyGuard } from '../api/body-guard.js';

async function auth(app: FastifyInstance): Promise<void> {
  // Agent tokens first: they are most of the traffic, and the agent verifier turns other
  // tokens away by their shape alone, without hashing them.
  installAuth(app, [app.agentTokens, new AdminTokens(resolveAdminTokens(app.config, app.log))]);
  // After authentication: a body is read only for a caller the route admits.
  installBodyGuard(app);
}

export default fp(auth, { name: 'auth', dependencies: ['agents'] });
