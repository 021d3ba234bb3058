// `npm run bench:heartbeat`: heartbeats per second against the real server (SQLite, auth,
// validation, metrics, many distinct targets and tokens) next to a bare Fastify route of the
// same shape, measured in the same run. Each server runs in its own process on 127.0.0.1 and
// autocannon drives it from this one; server CPU per request is reported beside throughput,
// since that figure does not depend on how fast the load generator is. The heartbeat runs twice:
// answered by the front door before Fastify's request cycle, and by the plain route (a second
// server with the front door off), so the README can say what the front door is worth.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase } from '../helpers/postgres.js';
import { EMPTY_ROUTE, serveBare, serveReal } from './heartbeat-servers.js';
import {
  ADMIN,
  CONNECTIONS,
  ROUNDS,
  SECONDS,
  type Run,
  type Server,
  TARGETS,
  heartbeatCounts,
  measure,
  median,
  prepare,
} from './heartbeat-load.js';

/** Starts this file in server mode in a child process and waits for its port. */
async function startServer(
  kind: 'front-door' | 'plain' | 'bare',
  dataDir: string,
  databaseUrl?: string,
): Promise<Server> {
  // BENCH_NODE_ARGS passes flags to the servers' node, e.g. `--cpu-prof --cpu-prof-dir=prof`.
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', fileURLToPath(import.meta.url), `serve-${kind}`, dataDir, ADMIN],
    {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      env: { ...process.env, ...(databaseUrl ? { BENCH_DATABASE_URL: databaseUrl } : {}) },
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`the ${kind} server exited with ${code}`)));
  });
  const ask = <T>(message: string) =>
    new Promise<T>((resolve) => {
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

interface RealServer {
  server: Server;
  tokens: string[];
  dataDir: string;
  drop(): Promise<void>;
}

/** A tmc server on a data dir (and, with BENCH_STORE=postgres, a database) of its own, with its targets. */
async function startReal(frontDoor: boolean): Promise<RealServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tmc-bench-'));
  const database = process.env.BENCH_STORE === 'postgres' ? await createDatabase() : undefined;
  const server = await startServer(frontDoor ? 'front-door' : 'plain', dataDir, database?.url);
  process.stdout.write(
    `preparing ${TARGETS} SyncTargets, each with its own agent token (${frontDoor ? 'front door' : 'plain route'})...\n`,
  );
  const tokens = await prepare(server.url);
  return {
    server,
    tokens,
    dataDir,
    drop: async () => {
      await server.stop();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function main(): Promise<void> {
  const bare = await startServer('bare', tmpdir());
  const withDoor = await startReal(true);
  const plain = await startReal(false);
  try {
    const kinds = {
      bare: () => measure(bare, withDoor.tokens, SECONDS),
      empty: () => measure(plain.server, plain.tokens, SECONDS, EMPTY_ROUTE),
      plain: () => measure(plain.server, plain.tokens, SECONDS),
      door: () => measure(withDoor.server, withDoor.tokens, SECONDS),
    };
    const names = Object.keys(kinds) as (keyof typeof kinds)[];
    const runs = Object.fromEntries(names.map((name) => [name, [] as Run[]])) as Record<keyof typeof kinds, Run[]>;
    for (const run of Object.values(kinds)) await run();
    // Short rounds in a rotating order: on a shared machine the load drifts, and every
    // server should see the same drift.
    for (let round = 1; round <= ROUNDS; round++) {
      for (let i = 0; i < names.length; i++) {
        const kind = names[(round + i) % names.length]!;
        runs[kind].push(await kinds[kind]());
      }
      process.stdout.write(
        `round ${round}: ${names.map((k) => `${k} ${runs[k].at(-1)!.rps.toFixed(0)}/s`).join(', ')}\n`,
      );
    }
    const rps = (kind: keyof typeof runs) => median(runs[kind].map((r) => r.rps));
    const cpu = (kind: keyof typeof runs) => median(runs[kind].map((r) => r.cpuPerRequest));
    const percent = (of: Run[], field: 'generatorCpu' | 'othersCpu') =>
      (100 * median(of.map((r) => r[field]))).toFixed(0);
    const row = (label: string, kind: keyof typeof runs) =>
      `  ${label.padEnd(40)}${rps(kind).toFixed(0).padStart(7)} req/s   ${cpu(kind).toFixed(1).padStart(6)} µs server CPU` +
      ` per request, load generator at ${percent(runs[kind], 'generatorCpu')}% of a core,` +
      ` everything else at ${percent(runs[kind], 'othersCpu')}%`;
    const ratio = (label: string, kind: keyof typeof runs, of: keyof typeof runs) =>
      `  ${label.padEnd(40)}${((100 * rps(kind)) / rps(of)).toFixed(1).padStart(6)}%`;
    const store = process.env.BENCH_STORE === 'postgres' ? 'PostgreSQL' : 'SQLite';
    process.stdout.write(
      [
        '',
        `heartbeat benchmark (${store}): ${TARGETS} targets, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS}s (medians)`,
        row('bare Fastify route', 'bare'),
        row('empty route inside the tmc app', 'empty'),
        row('heartbeat through the route', 'plain'),
        row('heartbeat through the front door', 'door'),
        ratio('route / bare', 'plain', 'bare'),
        ratio('front door / bare', 'door', 'bare'),
        ratio('empty app route / bare', 'empty', 'bare'),
        `  heartbeats by result (route):      ${await heartbeatCounts(plain.server.url)}`,
        `  heartbeats by result (front door): ${await heartbeatCounts(withDoor.server.url)}`,
        '',
      ].join('\n'),
    );
  } finally {
    await Promise.all([bare.stop(), withDoor.drop(), plain.drop()]);
  }
}

const [mode, dataDir, adminToken] = process.argv.slice(2);
if (mode === 'serve-front-door' || mode === 'serve-plain')
  await serveReal(dataDir!, adminToken!, mode === 'serve-front-door');
else if (mode === 'serve-bare') await serveBare();
else await main();
