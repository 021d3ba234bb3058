// The agents' own SyncTarget routes: issuing an agent token (admin) and the heartbeat.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { registerAgentTokenRoute } from '../api/agent-tokens.js';
import { registerHeartbeatRoute } from '../api/heartbeat.js';

async function agentRoutes(app: FastifyInstance): Promise<void> {
  registerAgentTokenRoute(app, app.store, app.agentTokens);
  registerHeartbeatRoute(app, app.heartbeats, app.heartbeatMetrics, app.config.heartbeatIntervalMs);
}

export default fp(agentRoutes, { name: 'agent-routes', dependencies: ['openapi', 'store', 'agents', 'auth'] });
