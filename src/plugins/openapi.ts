// The OpenAPI document and Swagger UI. Registered before any route: the document lists the
// routes registered after it.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { registerOpenApi } from '../api/http/openapi.js';
import { VERSION } from '../version.js';

async function openApi(app: FastifyInstance): Promise<void> {
  await registerOpenApi(app, VERSION);
}

export default fp(openApi, { name: 'openapi' });
