// Wires the kcp mirror into the app when --kcp-kubeconfig is given: the client, the leader task,
// its metrics and its line in /readyz. app.ts imports this module only then, so a server without
// a mirror never loads the Kubernetes client.
import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from '../config.js';
import type { Store } from '../store/types.js';
import { KcpClient } from './client.js';
import { createMirrorMetrics } from './metrics.js';
import { type HeartbeatTimes, KcpMirror, type KcpMirrorOptions } from './mirror.js';

export type { HeartbeatTimes, KcpMirrorOptions };

export function installKcpMirror(
  app: FastifyInstance,
  config: ServerConfig,
  store: Store,
  heartbeats: HeartbeatTimes,
  overrides: Partial<KcpMirrorOptions> = {},
): KcpMirror {
  if (!config.kcpKubeconfig) throw new Error('installKcpMirror needs --kcp-kubeconfig');
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
  const mirror = new KcpMirror(store, client, heartbeats, metrics, options, log);
  // Reported, never failing: with kcp down the agents must still reach this server, or a kcp
  // outage would turn every SyncTarget Unknown.
  app.readiness.inform('kcp-mirror', () => mirror.describe());
  app.addHook('onReady', async () => {
    log.info({ kcp: client.server, heartbeatMirrorIntervalMs: options.heartbeatIntervalMs }, 'kcp mirror enabled');
    app.whileLeader('kcp-mirror', mirror);
  });
  return mirror;
}
