// Wires workloads into the app: the Deployment and Placement APIs, the agents' feed and status
// routes (on every replica), and the scheduler (on the leader only).
import type { FastifyInstance } from 'fastify';
import { registerAgentFeed } from '../api/agent-feed.js';
import { registerAgentStatus } from '../api/agent-status.js';
import { deploymentResource } from '../api/deployments.js';
import { placementResource } from '../api/placements.js';
import { registerResource } from '../api/resource-routes.js';
import { Scheduler } from '../controllers/scheduler.js';
import { DeploymentFeed } from '../feed/feed.js';
import type { Store } from '../store/types.js';
import { createSchedulerMetrics } from './metrics.js';

export async function installWorkloads(app: FastifyInstance, store: Store): Promise<void> {
  registerResource(app, deploymentResource, store);
  registerResource(app, placementResource, store);
  const feed = new DeploymentFeed(app, store);
  await feed.start();
  registerAgentFeed(app, store, feed);
  registerAgentStatus(app, store);

  const metrics = createSchedulerMetrics(app.metrics.registry, () => scheduler.depth);
  const scheduler = new Scheduler(store, { evictionGraceMs: app.config.evictionGraceMs }, metrics, app.log.child({ component: 'scheduler' }));
  app.whileLeader('scheduler', scheduler);
}
