// Operations endpoints (no token): liveness, readiness, Prometheus metrics, plus the hook that
// counts and times every request by its route pattern (not its URL, to bound label values).
import type { FastifyInstance, onResponseHookHandler } from 'fastify';
import { Type } from 'typebox';
import { type Metrics, recordRequest } from '../../metrics.js';
import { metricsInTurns } from '../../lib/scrape-slices.js';
import type { Readiness } from './readiness.js';

const tags = ['operations'];
const config = { access: 'public' as const };
const Health = Type.Object({ status: Type.String(), checks: Type.Optional(Type.Record(Type.String(), Type.String())) });

export function registerOps(app: FastifyInstance, readiness: Readiness, metrics: Metrics): void {
  const countRequest: onResponseHookHandler = (request, reply, done) => {
    recordRequest(
      metrics,
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  };
  app.addHook('onResponse', countRequest);

  for (const path of ['/healthz', '/livez']) {
    app.get(
      path,
      { schema: { tags, summary: 'The process is alive', response: { 200: Health } }, config },
      async () => ({ status: 'ok' }),
    );
  }

  app.get(
    '/readyz',
    {
      schema: {
        tags,
        summary: 'Ready to serve: 503 until the store is open and migrated, and while shutting down',
        response: { 200: Health, 503: Health },
      },
      config,
    },
    async (_request, reply) => {
      const report = await readiness.report();
      return reply
        .code(report.ready ? 200 : 503)
        .send({ status: report.ready ? 'ok' : 'not ready', checks: report.checks });
    },
  );

  app.get(
    '/metrics',
    { schema: { tags, summary: 'Prometheus metrics (text format)' }, config },
    async (_request, reply) => {
      const body = await metricsInTurns(metrics.registry);
      return reply.type(metrics.registry.contentType).send(body);
    },
  );
}
