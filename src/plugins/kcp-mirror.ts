// The kcp mirror, when --kcp-kubeconfig is given: the client, the leader task, its metrics and
// its line in /readyz. app.ts loads this module only then, so a server without a mirror never
// loads the Kubernetes client.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { KcpClient } from '../kcp/client.js';
import { createMirrorMetrics } from '../kcp/metrics.js';
import { KcpMirror } from '../kcp/mirror.js';
import type { HeartbeatTimes, KcpMirrorOptions } from '../kcp/mirror-options.js';

async function kcpMirror(app: FastifyInstance, overrides: Partial<KcpMirrorOptions>): Promise<void> {
  const { config, store } = app;
  if (!config.kcpKubeconfig) throw new Error('the kcp mirror needs --kcp-kubeconfig');
  // A kubeconfig that cannot be read or names no cluster is a configuration error: fail the start.
  const client = new KcpClient({
    kubeconfig: config.kcpKubeconfig,
    context: config.kcpContext,
    apiExport: config.kcpApiExport,
  });
  const options: KcpMirrorOptions = {
    heartbeatIntervalMs: config.kcpHeartbeatMirrorIntervalMs,
    resyncMs: 5 * 60_000,
    backoff: { baseMs: 500, maxMs: 30_000 },
    concurrency: 4,
    ...overrides,
  };
  const log = app.log.child({ component: 'kcp-mirror' });
  const metrics = createMirrorMetrics(app.metrics.registry, {
    depth: () => mirror.depth,
    lagSeconds: () => mirror.lagSeconds,
    up: () => mirror.up,
  });
  const times: HeartbeatTimes = {
    latest: (name, uid) => app.heartbeats.clock.latest(name, uid),
    refresh: () => app.heartbeats.refresh(),
  };
  const mirror = new KcpMirror(store, app.informers, client, times, metrics, options, log);
  // Reported, never failing: with kcp down the agents must still reach this server, or a kcp
  // outage would turn every SyncTarget Unknown.
  app.readiness.inform('kcp-mirror', () => mirror.describe());
  app.addHook('onReady', async () => {
    log.info({ kcp: client.server, heartbeatMirrorIntervalMs: options.heartbeatIntervalMs }, 'kcp mirror enabled');
    app.whileLeader('kcp-mirror', mirror);
  });
}

export default fp(kcpMirror, { name: 'kcp-mirror', dependencies: ['ops', 'store', 'informers', 'leader', 'agents'] });
