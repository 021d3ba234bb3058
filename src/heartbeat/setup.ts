// Wires the agent side of the control plane into the app: the SyncTarget index, agent tokens,
// the heartbeat route and its batched flush, the heartbeat monitor, and their metrics.
import type { FastifyInstance } from 'fastify';
import { AgentTokens } from '../agent-tokens/agent-tokens.js';
import { registerAgentTokenRoute } from '../api/agent-tokens.js';
import { registerHeartbeatRoute } from '../api/heartbeat.js';
import { HeartbeatFastPath } from '../api/heartbeat-fast-path.js';
import type { ServerConfig } from '../config.js';
import { HeartbeatMonitor } from '../controllers/heartbeat-monitor.js';
import type { KubeObject } from '../schemas/meta.js';
import type { Store } from '../store/types.js';
import { Heartbeats } from './heartbeats.js';
import { createHeartbeatMetrics } from './metrics.js';
import { SyncTargetIndex } from './target-index.js';

export interface AgentPlane {
  /** The verifier of agent tokens, for installAuth. */
  tokens: AgentTokens;
  heartbeats: Heartbeats;
  /** Answers ordinary heartbeats before Fastify's request cycle; for the HTTP server. */
  fastPath: HeartbeatFastPath;
  /** Registers the agent routes; call after installAuth. */
  registerRoutes(): void;
  /** Writes the heartbeat times still in memory; call before closing the store. */
  stop(): Promise<void>;
}

/**
 * Loads the SyncTarget index and the flushed heartbeat times (so a store that cannot be read
 * fails the start, like a failed migration), starts the batched flush on this replica, and the
 * heartbeat monitor on whichever replica leads.
 */
export async function createAgentPlane(app: FastifyInstance, config: ServerConfig, store: Store): Promise<AgentPlane> {
  const log = app.log.child({ component: 'heartbeats' });
  if (config.heartbeatThresholdMs <= config.heartbeatIntervalMs) {
    log.warn({ heartbeatIntervalMs: config.heartbeatIntervalMs, heartbeatThresholdMs: config.heartbeatThresholdMs },
      'the heartbeat threshold is not longer than the interval: healthy targets will flap to Unknown');
  }
  const index = new SyncTargetIndex(store);
  const heartbeats = new Heartbeats(store, index, config.heartbeatThresholdMs, log);
  const tokens = new AgentTokens(store, index, config.tokenGraceMs);
  // Issuance through any replica: cached copies of the target's tokens would outlive a short grace.
  const stopForgetting = store.onAgentTokensChanged((uid) => {
    if (uid === undefined) tokens.forgetAll();
    else tokens.forget(uid);
  });
  const metrics = createHeartbeatMetrics(app.metrics.registry, index, heartbeats);
  const monitor = new HeartbeatMonitor(index, heartbeats, log, () => metrics.reconciles.inc());

  // Reads show the latest heartbeat time, including the ones not flushed yet. Attached to the
  // SyncTarget routes only (registered after this), so no other route pays for the hook.
  app.addHook('onRoute', (route) => {
    if (route.config?.kind !== 'SyncTarget' || route.url.endsWith('/heartbeat')) return;
    const overlay = async (_request: unknown, reply: { statusCode: number }, payload: unknown) => {
      const body = payload as Partial<KubeObject> & { items?: KubeObject[] };
      if (reply.statusCode < 300 && body.kind === 'SyncTarget') await heartbeats.overlay([body as KubeObject]);
      else if (reply.statusCode < 300 && body.kind === 'SyncTargetList') await heartbeats.overlay(body.items ?? []);
      return payload;
    };
    const others = route.preSerialization ?? [];
    route.preSerialization = [overlay, ...(Array.isArray(others) ? others : [others])];
  });

  const fastPath = new HeartbeatFastPath({
    tokens,
    heartbeats,
    heartbeatMetrics: metrics,
    httpMetrics: app.metrics,
    intervalMs: config.heartbeatIntervalMs,
    bodyLimit: config.bodyLimit,
    replay: (request, body) => app.inject({
      method: 'POST',
      url: request.url ?? '',
      headers: request.headers,
      payload: body,
      ...(request.socket.remoteAddress ? { remoteAddress: request.socket.remoteAddress } : {}),
    }),
  });
  app.addHook('preClose', (done) => {
    fastPath.close();
    done();
  });

  index.onChange((change) => {
    if (change.type !== 'DELETED') return;
    heartbeats.clock.forget(change.object.metadata.name ?? '');
    fastPath.forget(change.object.metadata.name ?? '');
    tokens.forget(change.object.metadata.uid ?? '');
    store.forgetSyncTarget(change.object.metadata.uid ?? '').catch((error: unknown) => {
      log.error({ err: error, syncTarget: change.object.metadata.name }, 'could not delete the tokens of a deleted SyncTarget; they no longer match any target');
    });
  });

  await index.start();
  await heartbeats.refresh();
  const flushTimer = setInterval(() => void heartbeats.flush(), config.heartbeatFlushIntervalMs);
  flushTimer.unref();
  // Deadlines come from stored times, so the monitor can run on any one replica: the leader.
  app.whileLeader('heartbeat-monitor', monitor);

  return {
    tokens,
    heartbeats,
    fastPath,
    registerRoutes() {
      registerAgentTokenRoute(app, store, tokens);
      registerHeartbeatRoute(app, heartbeats, metrics, config.heartbeatIntervalMs);
    },
    async stop() {
      clearInterval(flushTimer);
      stopForgetting();
      await heartbeats.flush();
      index.stop();
    },
  };
}
