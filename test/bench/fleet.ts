// `npm run bench:fleet -- --agents 1000`: a fleet of lean simulated agents (fleet-agents.ts, in
// child processes) against the real `tmc server` (SQLite, or PostgreSQL with BENCH_STORE=postgres)
// and then, in the same run, against a bare server of the same protocol (fleet-servers.ts). Each
// server: agents connect and idle (heartbeats, held long polls), then one Deployment reaches all
// of them (created on tmc, released on bare); propagation is timed from that request to each
// agent's answer, with heartbeats, event-loop delay, RSS and both sides' CPU around it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type ChildProcess, fork } from 'node:child_process';
import { createDatabase } from '../helpers/postgres.js';
import { call, keepAlive, ok } from './feed-client.js';
import type { AgentSpec, WorkerResults } from './fleet-agents.js';
import { type Phase, figures, medianPhase, table } from './fleet-report.js';
import { deployment, prepare } from './fleet-prepare.js';
import { type FleetServer, cpuSeconds, rssBytes, startBare, startReal } from './fleet-servers.js';

const { values: args } = parseArgs({
  options: {
    agents: { type: 'string', default: '1000' },
    interval: { type: 'string', default: '20' },
    idle: { type: 'string' },
    workers: { type: 'string', default: '2' },
    runs: { type: 'string', default: '1' },
    ramp: { type: 'string' },
  },
});
const AGENTS = Number(args.agents);
const INTERVAL = Number(args.interval);
const IDLE = Number(args.idle ?? INTERVAL);
const WORKERS = Number(args.workers);
const RUNS = Number(args.runs);
// 250 new agents a second by default, about what the server takes while each new target's first
// heartbeat marks it Ready (a status write each): faster, its accept queue overflows and connections are reset.
const RAMP = Number(args.ramp ?? AGENTS / 250);
const ADMIN = 'bench-admin-token-0123456789abcdef';
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
function ask<T>(worker: ChildProcess, message: object, reply = true): Promise<T> {
  return new Promise((resolve) => {
    if (reply) worker.once('message', resolve as (message: unknown) => void);
    worker.send(message);
    if (!reply) resolve(undefined as T);
  });
}

async function until(what: string, seconds: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds} s waiting for ${what}`);
    await sleep(100);
  }
}

async function phase(
  server: FleetServer,
  specs: AgentSpec[],
  trigger: () => Promise<unknown>,
  held: () => Promise<number>,
): Promise<Phase> {
  const rssBefore = rssBytes(server.pid);
  const script = new URL('./fleet-agents.ts', import.meta.url);
  const workers = Array.from({ length: WORKERS }, (_, w) => {
    const child = fork(script, [], { execArgv: ['--import', 'tsx'], serialization: 'advanced' });
    child.send({
      port: server.port,
      agents: specs.filter((_, i) => i % WORKERS === w),
      intervalSeconds: INTERVAL,
      rampSeconds: RAMP,
    });
    return child;
  });
  // The simulator's CPU: this process and its agents' processes.
  const simulatorCpu = () => {
    const own = process.cpuUsage();
    return workers.reduce((sum, w) => sum + cpuSeconds(w.pid!), (own.user + own.system) / 1e6);
  };
  const progress = async () =>
    (
      await Promise.all(
        workers.map((w) => ask<{ polling: number; received: number; reported: number }>(w, { type: 'progress' })),
      )
    ).reduce((sum, p) => ({
      polling: sum.polling + p.polling,
      received: sum.received + p.received,
      reported: sum.reported + p.reported,
    }));
  process.stdout.write(`${server.label}: ${AGENTS} agents connecting...\n`);
  await until(
    'every agent to hold a long poll',
    600,
    async () => (await progress()).polling === AGENTS && (await held()) === AGENTS,
  );
  process.stdout.write(`${server.label}: all polls held; idle for ${IDLE} s\n`);
  const idleStart = now();
  const [serverIdle0, simIdle0] = [cpuSeconds(server.pid), simulatorCpu()];
  await sleep(IDLE * 1000);
  const idleEnd = now();
  const idleSeconds = (idleEnd - idleStart) / 1000;
  const serverIdle = (cpuSeconds(server.pid) - serverIdle0) / idleSeconds;
  const simIdle = (simulatorCpu() - simIdle0) / idleSeconds;
  const rssIdle = rssBytes(server.pid);
  await Promise.all(workers.map((w) => ask(w, { type: 'watch', name: deployment.metadata.name }, false)));
  await server.eventLoop();
  const [serverFan0, simFan0] = [cpuSeconds(server.pid), simulatorCpu()];
  const triggered = now();
  await trigger();
  await until('every agent to report', 60 + AGENTS / 20, async () => (await progress()).reported === AGENTS).catch(
    (error) => {
      process.stdout.write(`${server.label}: ${(error as Error).message}\n`);
    },
  );
  const done = now();
  const eventLoop = await server.eventLoop();
  const fanSeconds = (done - triggered) / 1000;
  const serverFan = (cpuSeconds(server.pid) - serverFan0) / fanSeconds;
  const simFan = (simulatorCpu() - simFan0) / fanSeconds;
  await sleep(2000);
  const rssAfter = rssBytes(server.pid);
  const results = await Promise.all(workers.map((w) => ask<WorkerResults>(w, { type: 'stop' })));
  for (const w of workers) w.kill();
  return {
    label: server.label,
    agents: AGENTS,
    ...figures(results, { idleStart, idleEnd, triggered, done }),
    eventLoop,
    rss: { before: rssBefore, idle: rssIdle, after: rssAfter },
    serverCpu: { idle: serverIdle, fanOut: serverFan },
    simulatorCpu: { idle: simIdle, fanOut: simFan },
  };
}

const gauge = async (port: number, metric: string) =>
  Number(new RegExp(`^${metric} (\\S+)$`, 'm').exec((await call(port, 'GET', '/metrics')).body)?.[1] ?? -1);

/** One run: the real server (a fresh data directory or database), then the bare one. */
async function run(): Promise<[Phase, Phase]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tmc-bench-fleet-'));
  const database = process.env.BENCH_STORE === 'postgres' ? await createDatabase() : undefined;
  if (database) process.env.BENCH_DATABASE_URL = database.url;
  const real = await startReal(dataDir, ADMIN, INTERVAL);
  let bare: FleetServer | undefined;
  try {
    process.stdout.write(`preparing ${AGENTS} SyncTargets with agent tokens and a Placement over all of them...\n`);
    const specs = await prepare(real.port, AGENTS, ADMIN);
    keepAlive.destroy();
    const tmc = await phase(
      real,
      specs,
      () => ok(real.port, 'POST', '/apis/apps/v1/namespaces/bench/deployments', ADMIN, deployment),
      () => gauge(real.port, 'tmc_feed_waiters'),
    );
    await real.stop();
    bare = await startBare(INTERVAL);
    const port = bare.port;
    const floor = await phase(
      bare,
      specs.map((s) => ({ name: s.name })),
      () =>
        ok(port, 'POST', '/bench/release', undefined, {
          ...deployment,
          metadata: { ...deployment.metadata, generation: 1 },
        }),
      async () => JSON.parse((await call(port, 'GET', '/bench/held')).body).held,
    );
    return [tmc, floor];
  } finally {
    keepAlive.destroy();
    await Promise.all([real.stop(), bare?.stop()]);
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// Two runs of the same code differ by more than most changes do (the bare server's own figures
// move by a third): with --runs N each run's table is printed, then the median of each figure.
const store = process.env.BENCH_STORE === 'postgres' ? 'PostgreSQL' : 'SQLite';
const pairs: [Phase, Phase][] = [];
for (let i = 1; i <= RUNS; i++) {
  pairs.push(await run());
  const title = RUNS > 1 ? `${store}, run ${i} of ${RUNS}` : store;
  process.stdout.write(table(title, AGENTS, INTERVAL, ...pairs.at(-1)!));
}
if (RUNS > 1) {
  const medians = [0, 1].map((side) => medianPhase(pairs.map((pair) => pair[side]!))) as [Phase, Phase];
  process.stdout.write(table(`${store}, median of ${RUNS} runs`, AGENTS, INTERVAL, ...medians));
}
