// Workloads: the Deployment, Placement and Override APIs, the kinds carried with them (ConfigMaps,
// Secrets, Services...), the agents' feed and status routes (on every replica), and the
// scheduler (on the leader only).
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { registerAgentFeed } from '../api/agent/agent-feed.js';
import { registerAgentStatus } from '../api/agent/agent-status.js';
import { carriedResources } from '../api/resources/carried-kinds.js';
import { deploymentResource } from '../api/resources/deployments.js';
import { overrideResource } from '../api/resources/overrides.js';
import { placementResource } from '../api/resources/placements.js';
import { patching } from '../api/patch/patching.js';
import { registerResource } from '../api/resources/resource-routes.js';
import { registerScale } from '../api/resources/subresource-scale.js';
import { registerStatus } from '../api/resources/subresource-status.js';
import { Scheduler } from '../scheduling/scheduler.js';
import { AgentFeed } from '../feed/feed.js';
import { createSchedulerMetrics } from '../scheduling/metrics.js';
import { createDriftMetrics } from '../scheduling/drift-metrics.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The agents' feed on this replica (custom resources' status reports wait on it too). */
    agentFeed: AgentFeed;
  }
}

async function workloads(app: FastifyInstance, options: { clock?: () => number }): Promise<void> {
  const { store } = app;
  registerResource(app, deploymentResource, store, patching);
  registerStatus(app, deploymentResource, store, patching.patchObject);
  registerScale(app, deploymentResource, store, patching.patchObject);
  registerResource(app, placementResource, store, patching);
  registerStatus(app, placementResource, store, patching.patchObject);
  // Checked against the objects the server holds now: the shared informers' caches.
  registerResource(
    app,
    overrideResource((kind) => app.informers.find(kind)?.list() ?? []),
    store,
    patching,
  );
  for (const def of carriedResources) {
    registerResource(app, def, store, patching);
    // As in Kubernetes, only kinds with a status have the subresource (not ConfigMaps, Secrets, RBAC...).
    if ((def.schema as { properties?: Record<string, unknown> }).properties?.status)
      registerStatus(app, def, store, patching.patchObject);
  }
  // A held copy not stored is still served from memory; it is lost only if this replica restarts.
  const heldWriteFailed = (err: unknown, what: string) => app.log.warn({ err }, `feed: could not ${what}`);
  const feed = new AgentFeed(app.informers, app.metrics.registry, store, heldWriteFailed);
  // Held long polls are answered before the server stops: it then closes the connections that
  // are idle, so the answers must be written first (a turn of the event loop), or each of those
  // connections would stay open until its keep-alive timeout.
  app.addHook('preClose', async () => {
    feed.closeAll();
    await new Promise((resolve) => setImmediate(resolve));
  });
  app.addHook('onClose', async () => {
    feed.stop();
    // Before the store closes: a held copy asked for is stored.
    await feed.held?.settled();
  });
  // A store that cannot be read fails the start.
  await feed.start();
  registerAgentFeed(app, store, feed);
  app.decorate('agentFeed', feed);
  registerAgentStatus(app, store);
  // On every replica: the informers that serve the feed hold the agents' drift reports too.
  createDriftMetrics(app.metrics.registry, app.informers);

  const metrics = createSchedulerMetrics(app.metrics.registry, () => scheduler.depth);
  const log = app.log.child({ component: 'scheduler' });
  const schedulerOptions = { evictionGraceMs: app.config.evictionGraceMs, now: options.clock };
  const scheduler = new Scheduler(store, app.informers, schedulerOptions, metrics, log);
  app.whileLeader('scheduler', scheduler);
}

export default fp(workloads, { name: 'workloads', dependencies: ['openapi', 'ops', 'store', 'informers', 'leader'] });
