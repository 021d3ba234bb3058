// The agents' own SyncTarget routes: issuing an agent token (admin) and the heartbeat.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { registerAgentTokenRoute } from '../api/agent/agent-tokens.js';
import { installHeartbeatBody } from '../api/agent/heartbeat-body.js';
import { registerHeartbeatRoute } from '../api/agent/heartbeat.js';

async function agentRoutes(app: FastifyInstance): Promise<void> {
  registerAgentTokenRoute(app, app.store, app.agentTokens);
  // Its own context: the heartbeat's body parser (repeated bodies are not parsed again) is its alone.
  await app.register(async (heartbeat) => {
    const validatorCompiler = installHeartbeatBody(heartbeat, app.heartbeatBodies);
    registerHeartbeatRoute(
      heartbeat,
      app.heartbeats,
      app.heartbeatMetrics,
      app.config.heartbeatIntervalMs,
      validatorCompiler,
    );
  });
}

export default fp(agentRoutes, { name: 'agent-routes', dependencies: ['openapi', 'store', 'agents', 'auth'] });
