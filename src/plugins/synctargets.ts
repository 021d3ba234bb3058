// The SyncTarget API and its /status subresource. Its answers show each target's latest
// heartbeat time, which the stored objects may not show yet (times are kept in memory and
// flushed in batches).
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ResourceDefinition } from '../api/http/resource-definition.js';
import { patching } from '../api/patch/patching.js';
import { registerResource } from '../api/resources/resource-routes.js';
import { registerStatus } from '../api/resources/subresource-status.js';
import { syncTargetResource } from '../api/resources/synctargets.js';

async function syncTargets(app: FastifyInstance): Promise<void> {
  const { heartbeats } = app;
  const def: ResourceDefinition = { ...syncTargetResource, present: (objects) => heartbeats.overlay(objects) };
  registerResource(app, def, app.store, patching);
  registerStatus(app, def, app.store, patching.patchObject);
}

export default fp(syncTargets, { name: 'synctargets', dependencies: ['openapi', 'store', 'agents'] });
