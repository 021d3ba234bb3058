// The two servers of the heartbeat benchmark, each run in a child process: the real tmc app
// as `tmc server` builds it, and a bare Fastify route with the same path, body and answer.
// The parent asks for CPU time ('cpu') and ends them ('stop') over the IPC channel.
import type { FastifyInstance } from 'fastify';
import Fastify from 'fastify';
import { QUIET_REQUEST_LOGS } from '../../src/api/http/quiet-logs.js';
import { buildApp } from '../../src/server.js';

function serveParent(app: FastifyInstance): void {
  process.on('message', async (message) => {
    if (message === 'cpu') {
      const usage = process.cpuUsage();
      process.send!(usage.user + usage.system);
    } else if (message === 'stop') {
      await app.close();
      process.exit(0);
    }
  });
}

async function listen(app: FastifyInstance): Promise<void> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  serveParent(app);
  process.send!({ port: (app.server.address() as { port: number }).port });
}

export const EMPTY_ROUTE = '/bench/empty/:name/heartbeat';

const answer = async () => ({ heartbeatIntervalSeconds: 20, serverTime: new Date().toISOString() });

export async function serveReal(dataDir: string, adminToken: string, frontDoor: boolean): Promise<void> {
  // The production defaults (info logs to stdout, 60 s threshold, 5 s flushes; PostgreSQL when
  // the parent made a database), and an empty route of the same shape: what every request to
  // this app costs before any route's work.
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  const logLevel = process.env.BENCH_LOG ? { logLevel: process.env.BENCH_LOG as never } : {};
  // Each target here beats thousands of times a minute, far past a real agent's budget: the
  // per-agent rate limit would answer most of them 429 and measure the refusal instead.
  const unlimited = { agentQps: 1_000_000, agentBurst: 1_000_000 };
  const app = await buildApp(
    { dataDir, adminToken, databaseUrl, ...unlimited, ...logLevel },
    { heartbeatFrontDoor: frontDoor },
  );
  app.post(EMPTY_ROUTE, { config: { access: 'public' }, ...QUIET_REQUEST_LOGS }, answer);
  await listen(app);
}

export async function serveBare(): Promise<void> {
  const app = Fastify({ logger: false });
  app.post('/apis/workload.kcp.io/v1alpha1/synctargets/:name/heartbeat', answer);
  await listen(app);
}
