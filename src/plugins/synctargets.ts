// The SyncTarget API. Its answers show each target's latest heartbeat time, which the stored
// objects may not show yet (times are kept in memory and flushed in batches).
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { registerResource } from '../api/resource-routes.js';
import { syncTargetResource } from '../api/synctargets.js';

async function syncTargets(app: FastifyInstance): Promise<void> {
  const { heartbeats } = app;
  registerResource(app, { ...syncTargetResource, present: (objects) => heartbeats.overlay(objects) }, app.store);
}

export default fp(syncTargets, { name: 'synctargets', dependencies: ['openapi', 'store', 'agents'] });
