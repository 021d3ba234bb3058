// Operations: the app's metrics registry and readiness checks, which other plugins add to, and
// the endpoints that show them (/healthz, /livez, /readyz, /metrics).
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { registerOps } from '../api/http/ops.js';
import { Readiness } from '../api/http/readiness.js';
import { type Metrics, createMetrics } from '../metrics.js';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics;
    readiness: Readiness;
  }
}

async function ops(app: FastifyInstance): Promise<void> {
  const readiness = new Readiness();
  const metrics = createMetrics();
  app.decorate('metrics', metrics);
  app.decorate('readiness', readiness);
  // Not ready from the moment the app starts closing, while in-flight requests drain.
  app.addHook('preClose', (done) => {
    readiness.markStopping();
    done();
  });
  registerOps(app, readiness, metrics);
}

export default fp(ops, { name: 'ops', dependencies: ['openapi'] });
