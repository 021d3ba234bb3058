// The two servers of the fleet benchmark, each in a child process: the real `tmc server` (the CLI,
// plain HTTP, SQLite unless BENCH_DATABASE_URL) and a bare in-memory server that speaks only the
// agent protocol (heartbeat, feed long-poll, status report). Both are measured from outside the
// same way: CPU and RSS from /proc, event-loop delay from an endpoint that resets on each read
// (the real server's /metrics, whose prom-client collector resets its monitorEventLoopDelay).
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { call } from './feed-client.js';

export interface FleetServer {
  label: string;
  port: number;
  pid: number;
  /** Event-loop delay p99 and max (ms) since the last call. */
  eventLoop(): Promise<{ p99: number; max: number }>;
  stop(): Promise<void>;
}

const TICKS = 100; // USER_HZ on Linux

/** CPU seconds (user + system) the process has used so far, from /proc. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

export function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.split(/\s+/)[1]) * 1024;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitReady(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    const up = await call(port, 'GET', '/readyz').then(
      (r) => r.status === 200,
      () => false,
    );
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the server did not become ready in 60 s');
}

function stopper(child: ChildProcess): () => Promise<void> {
  // A benchmark that fails must not leave its servers behind.
  process.once('exit', () => child.kill('SIGKILL'));
  return async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
}

const nodeFlags = () => process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
const seconds = (metrics: string, name: string) =>
  1000 * Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1] ?? NaN);

/** `tmc server` as an operator starts it, from the sources (so a fix is measured without a build). */
export async function startReal(dataDir: string, admin: string, intervalSeconds: number): Promise<FleetServer> {
  const port = await freePort();
  const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    [
      ...nodeFlags(),
      '--import',
      'tsx',
      main,
      'server',
      '--insecure-http',
      '--bind-address',
      '127.0.0.1',
      '--port',
      String(port),
      '--data-dir',
      dataDir,
      '--log-level',
      'warn',
      // Every simulated agent connects from 127.0.0.1, as agents behind one NAT would.
      '--max-connections-per-address',
      '0',
      '--heartbeat-interval',
      `${intervalSeconds}s`,
      ...(process.env.BENCH_DATABASE_URL ? ['--database-url', process.env.BENCH_DATABASE_URL] : []),
    ],
    { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, TMC_ADMIN_TOKEN: admin } },
  );
  await waitReady(port, child);
  return {
    label: 'tmc',
    port,
    pid: child.pid!,
    stop: stopper(child),
    eventLoop: async () => {
      const metrics = (await call(port, 'GET', '/metrics')).body;
      return {
        p99: seconds(metrics, 'nodejs_eventloop_lag_p99_seconds'),
        max: seconds(metrics, 'nodejs_eventloop_lag_max_seconds'),
      };
    },
  };
}

export async function startBare(intervalSeconds: number): Promise<FleetServer> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      ...nodeFlags(),
      '--import',
      'tsx',
      fileURLToPath(new URL('./fleet-bare-server.ts', import.meta.url)),
      String(port),
      String(intervalSeconds),
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  await waitReady(port, child);
  return {
    label: 'bare',
    port,
    pid: child.pid!,
    stop: stopper(child),
    eventLoop: async () => JSON.parse((await call(port, 'GET', '/bench/event-loop')).body),
  };
}
