// The agents' own SyncTarget routes: issuing an agent token (admin), the heartbeat, and the
// reverse tunnel (a WebSocket upgrade, outside Fastify) with the proxy that reads through it and
// the exec that runs through it (an upgrade routed through the app's routes), passed to the
// replica holding the tunnel when that is another one.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { registerAgentTokenRoute } from '../api/agent/agent-tokens.js';
import { installHeartbeatBody } from '../api/agent/heartbeat-body.js';
import { registerHeartbeatRoute } from '../api/agent/heartbeat.js';
import { registerExecRoute } from '../api/agent/tunnel/exec-route.js';
import { registerProxyRoute } from '../api/agent/tunnel/proxy-route.js';
import { PeerDialer } from '../api/agent/tunnel/peer-tunnel.js';
import { TunnelHub } from '../api/agent/tunnel/tunnel-hub.js';
import { TunnelReach } from '../api/agent/tunnel/tunnel-reach.js';
import { TUNNEL_PATH, tunnelUpgrade } from '../api/agent/tunnel/tunnel-upgrade.js';
import { routeUpgrades } from '../api/agent/tunnel/upgrade-routing.js';
import { peerTrust } from '../pki/serving.js';
import { openTunnelDirectory } from '../store/open-store.js';

async function agentRoutes(app: FastifyInstance): Promise<void> {
  registerAgentTokenRoute(app, app.store, app.agentTokens);
  // With --peer-url, the other replicas learn which tunnels are here, and this one theirs.
  const { peerUrl } = app.config;
  const directory = openTunnelDirectory(app.store, peerUrl, app.log);
  const peers = peerUrl ? new PeerDialer(peerUrl, peerTrust(app.config)) : undefined;
  const hub = new TunnelHub(app.log.child({ component: 'tunnels' }), directory);
  const reach = new TunnelReach(hub, app.store, directory, peers);
  registerProxyRoute(app, reach);
  registerExecRoute(app, reach);
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
  app.addHook('onClose', async () => {
    await directory.close();
    await peers?.close();
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
