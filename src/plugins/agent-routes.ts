// The agents' own SyncTarget routes: issuing an agent token (admin), the heartbeat, and the
// reverse tunnel (a WebSocket upgrade, outside Fastify) with the proxy that reads through it and
// the exec that runs through it (an upgrade routed through the app's routes).
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { registerAgentTokenRoute } from '../api/agent/agent-tokens.js';
import { installHeartbeatBody } from '../api/agent/heartbeat-body.js';
import { registerHeartbeatRoute } from '../api/agent/heartbeat.js';
import { registerExecRoute } from '../api/agent/tunnel/exec-route.js';
import { registerProxyRoute } from '../api/agent/tunnel/proxy-route.js';
import { TunnelHub } from '../api/agent/tunnel/tunnel-hub.js';
import { TUNNEL_PATH, tunnelUpgrade } from '../api/agent/tunnel/tunnel-upgrade.js';
import { routeUpgrades } from '../api/agent/tunnel/upgrade-routing.js';

async function agentRoutes(app: FastifyInstance): Promise<void> {
  registerAgentTokenRoute(app, app.store, app.agentTokens);
  const hub = new TunnelHub(app.log.child({ component: 'tunnels' }));
  registerProxyRoute(app, hub, app.store);
  registerExecRoute(app, hub, app.store);
  const tunnels = tunnelUpgrade({ tokens: app.agentTokens, failures: app.authFailures, hub, log: app.log });
  // An agent's tunnel has its own gate (agent tokens only, before any routing); every other
  // upgrade (an exec) goes through the app's routes and their hooks.
  const routed = routeUpgrades(app);
  const upgrade: typeof routed = (request, socket, head) =>
    TUNNEL_PATH.test(request.url ?? '') ? tunnels.upgrade(request, socket, head) : routed(request, socket, head);
  app.server.on('upgrade', upgrade);
  app.addHook('preClose', (done) => {
    app.server.off('upgrade', upgrade);
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
