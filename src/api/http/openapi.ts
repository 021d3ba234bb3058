// The OpenAPI document (generated from the route schemas) and Swagger UI at /docs.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { shareSchemas } from '../../lib/openapi-components.js';

export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'TMC control plane',
        version,
        description:
          'SyncTargets (downstream clusters), Deployments and Placements, and the agent protocol of the syncer. ' +
          'Every /apis call needs "Authorization: Bearer <token>"; every error is a Kubernetes Status.',
      },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
    },
    // Each kind's schema once, referenced from every route that takes or returns it.
    transformObject: (document) =>
      'openapiObject' in document ? shareSchemas(document.openapiObject) : document.swaggerObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { persistAuthorization: true } });
  app.get('/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, async () => app.swagger());
}
