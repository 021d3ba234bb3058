// The agent side of the control plane on this replica: the SyncTarget index, agent tokens,
// heartbeats with their batched flush and their fast path, the heartbeat monitor (on the
// leader), and their metrics. The routes that use them come later (auth, agent-routes).
import { PrincipalLimits } from '../api/http/principal-limits.js';
import { registerLimitMetrics } from '../api/http/limit-metrics.js';
import { AddressFailures } from '../runtime/address-failures.js';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AgentTokens } from '../agent-tokens/agent-tokens.js';
import { HeartbeatBodies } from '../api/agent/heartbeat-bodies.js';
import { HeartbeatFastPath } from '../api/agent/front-door/heartbeat-fast-path.js';
import { HeartbeatMonitor } from '../heartbeat/heartbeat-monitor.js';
import { Heartbeats } from '../heartbeat/heartbeats.js';
import { type HeartbeatMetrics, createHeartbeatMetrics } from '../heartbeat/metrics.js';
import { SyncTargetIndex } from '../heartbeat/target-index.js';

declare module 'fastify' {
  interface FastifyInstance {
    heartbeats: Heartbeats;
    heartbeatMetrics: HeartbeatMetrics;
    /** The verifier of agent tokens (for auth), which also issues them. */
    agentTokens: AgentTokens;
    authFailures: AddressFailures;
    principalLimits: PrincipalLimits;
    /** Answers ordinary heartbeats before Fastify's request cycle; the HTTP server asks it first. */
    heartbeatFastPath: HeartbeatFastPath;
    heartbeatBodies: HeartbeatBodies;
  }
}

/**
 * Loads the SyncTarget index and the flushed heartbeat times (so a store that cannot be read
 * fails the start, like a failed migration), starts the batched flush on this replica, and the
 * heartbeat monitor on whichever replica leads.
 */
async function agents(app: FastifyInstance): Promise<void> {
  const { config, store } = app;
  const log = app.log.child({ component: 'heartbeats' });
  if (config.heartbeatThresholdMs <= config.heartbeatIntervalMs) {
    log.warn(
      { heartbeatIntervalMs: config.heartbeatIntervalMs, heartbeatThresholdMs: config.heartbeatThresholdMs },
      'the heartbeat threshold is not longer than the interval: healthy targets will flap to Unknown',
    );
  }
  const index = new SyncTargetIndex(app.informers);
  const heartbeats = new Heartbeats(store, index, config.heartbeatThresholdMs, log);
  const tokens = new AgentTokens(store, index, config.tokenGraceMs);
  // Issuance through any replica: cached copies of the target's tokens would outlive a short grace.
  const stopForgetting = store.onAgentTokensChanged((uid) => {
    if (uid === undefined) tokens.forgetAll();
    else tokens.forget(uid);
  });
  const metrics = createHeartbeatMetrics(app.metrics.registry, index, heartbeats);
  const monitor = new HeartbeatMonitor(index, heartbeats, log, () => metrics.reconciles.inc());

  const bodies = new HeartbeatBodies();
  // Shared with the auth plugin: the front door turns a refused address over to Fastify's refusal.
  const failures = new AddressFailures({ burst: config.authFailureBurst, perSecond: config.authFailureRate });
  const limits = new PrincipalLimits({
    user: { burst: config.userBurst, perSecond: config.userQps },
    agent: { burst: config.agentBurst, perSecond: config.agentQps },
    maxUserWatches: config.maxUserWatches,
    maxAgentLongPolls: config.maxAgentLongPolls,
  });
  registerLimitMetrics(app.metrics.registry, failures, limits);
  const fastPath = new HeartbeatFastPath({
    tokens,
    failures,
    limits,
    bodies,
    heartbeats,
    heartbeatMetrics: metrics,
    httpMetrics: app.metrics,
    intervalMs: config.heartbeatIntervalMs,
    bodyLimit: config.bodyLimit,
    maxParamLength: app.initialConfig.routerOptions?.maxParamLength ?? 100,
    replay: (request, body) =>
      app.inject({
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
    bodies.forget(change.object.metadata.name ?? '');
    tokens.forget(change.object.metadata.uid ?? '');
    store.forgetSyncTarget(change.object.metadata.uid ?? '').catch((error: unknown) => {
      log.error(
        { err: error, syncTarget: change.object.metadata.name },
        'could not delete the tokens of a deleted SyncTarget; they no longer match any target',
      );
    });
  });

  await index.start();
  await heartbeats.refresh();
  const flushTimer = setInterval(() => void heartbeats.flush(), config.heartbeatFlushIntervalMs);
  flushTimer.unref();
  // Deadlines come from stored times, so the monitor can run on any one replica: the leader.
  app.whileLeader('heartbeat-monitor', monitor);
  // Registered after the leader's hook, so it runs before it: times in memory are written
  // before the controllers, the leadership and then the store close.
  app.addHook('onClose', async () => {
    clearInterval(flushTimer);
    stopForgetting();
    await heartbeats.flush();
  });

  app.decorate('heartbeats', heartbeats);
  app.decorate('heartbeatMetrics', metrics);
  app.decorate('agentTokens', tokens);
  app.decorate('authFailures', failures);
  app.decorate('principalLimits', limits);
  app.decorate('heartbeatFastPath', fastPath);
  app.decorate('heartbeatBodies', bodies);
}

export default fp(agents, { name: 'agents', dependencies: ['ops', 'store', 'informers', 'leader'] });
