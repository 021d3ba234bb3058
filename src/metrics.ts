// One Prometheus registry per app (tests build many apps in one process). Components add
// their own metrics to `registry`; the HTTP ones are defined here.
import { readdir } from 'node:fs/promises';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
}

const HANDLE_WALKS = [
  'nodejs_active_handles',
  'nodejs_active_handles_total',
  'nodejs_active_resources',
  'nodejs_active_resources_total',
];
const OPEN_FDS = 'process_open_fds';

function countOpenFiles(registry: Registry): void {
  if (process.platform !== 'linux') return;
  new Gauge({
    name: OPEN_FDS,
    help: 'Number of open file descriptors.',
    registers: [registry],
    async collect() {
      // Less the descriptor the read itself held open.
      const open = await readdir('/proc/self/fd').catch(() => undefined);
      if (open) this.set(open.length - 1);
    },
  });
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // These walk every open handle on each scrape, and prom-client counts descriptors with a
  // synchronous directory read: with agents' connections by the thousand, each scrape would stop
  // the server for tens of milliseconds. The handle counts go (tmc_http_connections counts the
  // connections); the descriptors are counted by a read that leaves the event loop free.
  for (const name of [...HANDLE_WALKS, OPEN_FDS]) registry.removeSingleMetric(name);
  countOpenFiles(registry);
  return {
    registry,
    httpRequests: new Counter({
      name: 'tmc_http_requests_total',
      help: 'HTTP requests by method, route pattern and status code',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'tmc_http_request_duration_seconds',
      help: 'HTTP request duration by method and route pattern',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers: [registry],
    }),
  };
}

/** Counts and times one answered request by its route pattern (not its URL, to bound label values). */
export function recordRequest(metrics: Metrics, method: string, route: string, status: number, seconds: number): void {
  metrics.httpRequests.inc({ method, route, status: String(status) });
  metrics.httpDuration.observe({ method, route }, seconds);
}
