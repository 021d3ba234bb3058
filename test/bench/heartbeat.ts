// `npm run bench:heartbeat`: heartbeats per second against the real server (SQLite, auth,
// validation, metrics, many distinct targets and tokens) next to a bare Fastify route of the
// same shape, measured in the same run. Each server runs in its own process on 127.0.0.1 and
// autocannon drives it from this one; server CPU per request is reported beside throughput,
// since that figure does not depend on how fast the load generator is.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createDatabase } from '../helpers/postgres.js';
import { EMPTY_ROUTE, serveBare, serveReal } from './heartbeat-servers.js';

const TARGETS = Number(process.env.BENCH_TARGETS ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const ADMIN = 'bench-admin-token-0123456789abcdef';
const PATH = '/apis/workload.kcp.io/v1alpha1/synctargets';
const BODY = JSON.stringify({ syncerVersion: 'v0.1.0', kubernetesVersion: 'v1.33.0', capacity: { cpu: '8', memory: '32Gi' }, allocatable: { cpu: '7500m', memory: '30Gi' } });

interface Server {
  child: ChildProcess;
  url: string;
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts this file in server mode in a child process and waits for its port. */
async function startServer(kind: 'real' | 'bare', dataDir: string): Promise<Server> {
  // BENCH_NODE_ARGS passes flags to the servers' node, e.g. `--cpu-prof --cpu-prof-dir=prof`.
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', fileURLToPath(import.meta.url), `serve-${kind}`, dataDir, ADMIN], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`the ${kind} server exited with ${code}`)));
  });
  const ask = <T>(message: string) => new Promise<T>((resolve) => {
    child.once('message', resolve);
    child.send(message);
  });
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    cpuMicros: () => ask<number>('cpu'),
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('stop');
      await exited;
    },
  };
}

async function api(url: string, path: string, token = ADMIN, body?: string): Promise<any> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body } : {}),
  });
  if (response.status >= 300) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Creates the targets and their tokens, and sends each a first heartbeat so it is Ready. */
async function prepare(url: string): Promise<string[]> {
  const tokens: string[] = [];
  for (let batch = 0; batch < TARGETS; batch += 16) {
    const names = Array.from({ length: Math.min(16, TARGETS - batch) }, (_, i) => `edge-${batch + i}`);
    tokens.push(...await Promise.all(names.map(async (name) => {
      await api(url, PATH, ADMIN, JSON.stringify({ metadata: { name } }));
      const { token } = await api(url, `${PATH}/${name}/tokens`);
      await api(url, `${PATH}/${name}/heartbeat`, token, BODY);
      return token as string;
    })));
  }
  return tokens;
}

interface Run {
  rps: number;
  cpuPerRequest: number;
}

async function measure(server: Server, tokens: string[], seconds: number, route = `${PATH}/:name/heartbeat`): Promise<Run> {
  const requests = tokens.map((token, i) => ({
    method: 'POST' as const,
    path: route.replace(':name', `edge-${i}`),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: BODY,
  }));
  const cpuBefore = await server.cpuMicros();
  const result = await autocannon({ url: server.url, connections: CONNECTIONS, duration: seconds, requests });
  const cpu = (await server.cpuMicros()) - cpuBefore;
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} non-2xx answers and ${result.errors} errors`);
  return { rps: result.requests.total / seconds, cpuPerRequest: cpu / result.requests.total };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function heartbeatCounts(url: string): Promise<string> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text.split('\n').filter((l) => l.startsWith('tmc_agent_heartbeats_total')).map((l) => l.replace('tmc_agent_heartbeats_total', '')).join(', ');
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tmc-bench-'));
  // BENCH_STORE=postgres: the real server runs on a fresh database of the test PostgreSQL.
  const database = process.env.BENCH_STORE === 'postgres' ? await createDatabase() : undefined;
  if (database) process.env.BENCH_DATABASE_URL = database.url;
  const real = await startServer('real', dataDir);
  const bare = await startServer('bare', dataDir);
  try {
    process.stdout.write(`preparing ${TARGETS} SyncTargets, each with its own agent token...\n`);
    const tokens = await prepare(real.url);
    const kinds = {
      bare: () => measure(bare, tokens, SECONDS),
      empty: () => measure(real, tokens, SECONDS, EMPTY_ROUTE),
      real: () => measure(real, tokens, SECONDS),
    };
    const runs = { bare: [] as Run[], empty: [] as Run[], real: [] as Run[] };
    for (const run of Object.values(kinds)) await run();
    // Short rounds in a rotating order: on a shared machine the load drifts, and every
    // server should see the same drift.
    const names = Object.keys(kinds) as (keyof typeof kinds)[];
    for (let round = 1; round <= ROUNDS; round++) {
      for (let i = 0; i < names.length; i++) {
        const kind = names[(round + i) % names.length]!;
        runs[kind].push(await kinds[kind]());
      }
      process.stdout.write(`round ${round}: ${names.map((k) => `${k} ${runs[k].at(-1)!.rps.toFixed(0)}/s`).join(', ')}\n`);
    }
    const rps = (kind: keyof typeof runs) => median(runs[kind].map((r) => r.rps));
    const cpu = (kind: keyof typeof runs) => median(runs[kind].map((r) => r.cpuPerRequest));
    const row = (label: string, kind: keyof typeof runs) =>
      `  ${label.padEnd(34)}${rps(kind).toFixed(0).padStart(7)} req/s   ${cpu(kind).toFixed(1).padStart(6)} µs server CPU per request`;
    process.stdout.write([
      '',
      `heartbeat benchmark (${database ? 'PostgreSQL' : 'SQLite'}): ${TARGETS} targets, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS}s (medians)`,
      row('bare Fastify route', 'bare'),
      row('empty route inside the tmc app', 'empty'),
      row('tmc heartbeat route', 'real'),
      `  ratio heartbeat / bare            ${(100 * rps('real') / rps('bare')).toFixed(1).padStart(6)}%  (goal >= 70%)`,
      `  ratio heartbeat / empty app route ${(100 * rps('real') / rps('empty')).toFixed(1).padStart(6)}%  (the heartbeat's own work)`,
      `  heartbeats by result:   ${await heartbeatCounts(real.url)}`,
      '',
    ].join('\n'));
  } finally {
    await Promise.all([real.stop(), bare.stop()]);
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const [mode, dataDir, adminToken] = process.argv.slice(2);
if (mode === 'serve-real') await serveReal(dataDir!, adminToken!);
else if (mode === 'serve-bare') await serveBare();
else await main();
