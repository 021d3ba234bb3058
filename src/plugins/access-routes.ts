// The routes of Users and RBAC: the access kinds through the generic resource routes, user
// token issuance and revocation, and the self reviews of `kubectl auth can-i`. Registered after
// kube-api, which watches route registration, so discovery and the OpenAPI documents list them.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ACCESS_RESOURCES } from '../api/resources/access-resources.js';
import { registerAccessReviews } from '../api/resources/access-reviews.js';
import { patching } from '../api/patch/patching.js';
import { registerResource } from '../api/resources/resource-routes.js';
import { registerUserTokenRoutes } from '../api/resources/user-tokens.js';

async function accessRoutes(app: FastifyInstance): Promise<void> {
  for (const def of ACCESS_RESOURCES) registerResource(app, def, app.store, patching);
  registerUserTokenRoutes(app, app.store, app.userTokens);
  registerAccessReviews(app, app.authorizer);
}

export default fp(accessRoutes, { name: 'access-routes', dependencies: ['access', 'auth', 'kube-api', 'openapi'] });
