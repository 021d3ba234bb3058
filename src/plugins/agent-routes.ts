// The agents' own SyncTarget routes: issuing an agent token (admin), the heartbeat, and the
// reverse tunnel (a WebSocket upgrade, outside Fastify) with the proxy that reads through it.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { registerAgentTokenRoute } from '../api/agent/agent-tokens.js';
import { installHeartbeatBody } from '../api/agent/heartbeat-body.js';
import { registerHeartbeatRoute } from '../api/agent/heartbeat.js';
import { registerProxyRoute } from '../api/agent/tunnel/proxy-route.js';
import { TunnelHub } from '../api/agent/tunnel/tunnel-hub.js';
import { tunnelUpgrade } from '../api/agent/tunnel/tunnel-upgrade.js';

async function agentRoutes(app: FastifyInstance): Promise<void> {
  registerAgentTokenRoute(app, app.store, app.agentTokens);
  const hub = new TunnelHub(app.log.child({ component: 'tunnels' }));
  registerProxyRoute(app, hub, app.store);
  const tunnels = tunnelUpgrade({ tokens: app.agentTokens, failures: app.authFailures, hub, log: app.log });
  app.server.on('upgrade', tunnels.upgrade);
  app.addHook('preClose', (done) => {
    app.server.off('upgrade', tunnels.upgrade);
    hub.closeAll();
    tunnels.close();
    done();
  });
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
