// The servers of the feed benchmark, each run in a child process started with --expose-gc:
// the real tmc app with production defaults, and a bare Fastify long poll of the same path
// that answers every held request when told to — the floor the machine allows, measured in
// the same run. The parent asks for memory after a full collection ('memory') and ends them
// ('stop') over the IPC channel.
import Fastify, { type FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server.js';

const FEED = '/apis/workload.kcp.io/v1alpha1/synctargets/:name/deployments';

async function listen(app: FastifyInstance): Promise<void> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const gc = (globalThis as { gc?: () => void }).gc;
  process.on('message', async (message) => {
    if (message === 'memory') {
      // Twice: the first collection can leave finalizable objects for the second.
      gc?.();
      gc?.();
      const { heapUsed, rss } = process.memoryUsage();
      process.send!({ heapUsed, rss });
    } else if (message === 'stop') {
      await app.close();
      process.exit(0);
    }
  });
  process.send!({ port: (app.server.address() as { port: number }).port });
}

export async function serveReal(dataDir: string, adminToken: string): Promise<void> {
  // Every benchmark agent connects from 127.0.0.1, as agents behind one NAT would: no per-address cap.
  const logLevel = (process.env.BENCH_LOG as never) ?? 'warn';
  await listen(await buildApp({ dataDir, adminToken, logLevel, maxConnectionsPerAddress: 0 }));
}

/** Holds every feed request that names a resourceVersion until POST /release, then answers them all with one item. */
export async function serveBare(): Promise<void> {
  const app = Fastify({ logger: false });
  let held: ((answer: unknown) => void)[] = [];
  let version = 1;
  app.get(FEED, async (request) => {
    if (!(request.query as { resourceVersion?: string }).resourceVersion)
      return { resourceVersion: String(version), items: [] };
    return new Promise((resolve) => held.push(resolve));
  });
  app.post('/release', async (request) => {
    const answer = { resourceVersion: String(++version), items: request.body };
    const all = held;
    held = [];
    for (const resolve of all) resolve(answer);
    return {};
  });
  app.get('/metrics', async () => `tmc_feed_waiters ${held.length}\n`);
  await listen(app);
}
