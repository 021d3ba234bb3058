// The fleet benchmark's bare server, in a process of its own (fleet-servers.ts starts it): the
// agent protocol's three routes and nothing else, no store, no auth, one shared answer for every
// held feed, and an endpoint for its event-loop delay. Its figures are the protocol's floor.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Fastify from 'fastify';
import { KeepAlivePacing } from '../../src/api/http/keep-alive-pacing.js';
import { connectionCap, openFileCount, openFileLimit } from '../../src/lib/fd-limit.js';

const ST = '/apis/workload.kcp.io/v1alpha1/synctargets/:name';

/** The protocol's floor: no store, no auth, one shared answer for every held feed. */
async function serveBare(port: number, intervalSeconds: number): Promise<void> {
  const app = Fastify({ logger: false, keepAliveTimeout: 120_000 });
  // Idle connections paced as tmc paces them near its connection cap, so both hold a fleet alike.
  const pacing = new KeepAlivePacing(connectionCap(openFileLimit(), openFileCount()));
  pacing.attach(app.server);
  let open = 0;
  app.server.on('connection', (socket) => {
    pacing.update(++open);
    socket.once('close', () => pacing.update(--open));
  });
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let answer = { resourceVersion: '1', items: [] as unknown[] };
  let held = new Set<() => void>();
  app.get('/readyz', async () => 'ok');
  app.get('/bench/event-loop', async () => {
    // No sample since the last read (the event loop never turned at the sampling interval): unknown, not 0.
    const read =
      delay.count === 0
        ? { p99: Number.NaN, max: Number.NaN }
        : { p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 };
    delay.reset();
    return read;
  });
  app.post(`${ST}/heartbeat`, async () => ({
    heartbeatIntervalSeconds: intervalSeconds,
    serverTime: new Date().toISOString(),
  }));
  app.put(`${ST}/:resource/:namespace/:object/status`, async () => ({}));
  app.get(`${ST}/objects`, async (request, reply) => {
    const { resourceVersion, timeoutSeconds } = request.query as { resourceVersion?: string; timeoutSeconds?: string };
    if (resourceVersion === undefined || resourceVersion !== answer.resourceVersion) return answer;
    const changed = await new Promise<boolean>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(
        () => {
          held.delete(wake);
          resolve(false);
        },
        Number(timeoutSeconds ?? 30) * 1000,
      );
      held.add(wake);
    });
    return changed ? answer : reply.code(304).send();
  });
  app.post('/bench/release', async (request) => {
    answer = { resourceVersion: String(Number(answer.resourceVersion) + 1), items: [request.body] };
    const all = held;
    held = new Set();
    for (const wake of all) wake();
    return {};
  });
  app.get('/bench/held', async () => ({ held: held.size }));
  await app.listen({ host: '127.0.0.1', port });
}

await serveBare(Number(process.argv[2]), Number(process.argv[3]));
