// Benchmark: a good client's latency while another address floods the server with bad tokens.
// The good client (127.0.0.4, the admin token, BENCH_RATE requests/s listing SyncTargets) is
// measured for BENCH_SECONDS quiet, then for as long again while the flooder (127.0.0.3,
// BENCH_CONNECTIONS requests in flight) sends bad tokens. Prints both p99s and their ratio,
// what the flood got back, the slowest good requests of the flood with when they were sent, and
// the CPU the server and the flooder spent in each phase. The flooder is loaded before the quiet
// phase and starts with the measured flood, so its burst falls in the measured window. BENCH_BURST sets the server's
// --auth-failure-burst (default 100), the failures verified before the address is refused.
// BENCH_PIN=1 models a flooder on another host: the server alone on CPU 0, the good client and
// the flooder (at the lowest priority) on CPU 1, so the flood cannot take the server's core.
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { availableParallelism, constants, setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RATE = Number(process.env.BENCH_RATE ?? 50);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const ADMIN = 'bench-admin-token-0123456789';
const CHILD = join(import.meta.dirname, 'auth-flood-children.ts');
const PIN = process.env.BENCH_PIN === '1';

/** Pins every thread of `pid` to `cpu` with util-linux's taskset. */
const pin = (pid: number, cpu: number): void => {
  execFileSync('taskset', ['--all-tasks', '--cpu-list', '--pid', String(cpu), String(pid)], { stdio: 'ignore' });
};

if (PIN) {
  try {
    execFileSync('taskset', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('BENCH_PIN=1 needs taskset (util-linux): install it, or run without BENCH_PIN');
  }
  if (availableParallelism() < 2) throw new Error('BENCH_PIN=1 needs two CPUs: run without BENCH_PIN');
}

const child = (args: string[]): ChildProcess =>
  fork(CHILD, args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });

const ask = (process: ChildProcess): Promise<{ cpu: number; report: unknown }> =>
  new Promise((resolve) => {
    process.once('message', (message) => resolve(message as never));
    process.send('cpu');
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Requests at a steady rate for `seconds`; the latency of each in ms. */
async function goodClient(port: number, seconds: number, slowest?: [number, number][]): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, localAddress: '127.0.0.4' });
  const latencies: number[] = [];
  const begin = performance.now();
  const pending: Promise<void>[] = [];
  const end = performance.now() + seconds * 1000;
  for (let next = performance.now(); next < end; next += 1000 / RATE) {
    await sleep(Math.max(0, next - performance.now()));
    const started = performance.now();
    pending.push(
      new Promise((resolve) => {
        const path = '/apis/workload.kcp.io/v1alpha1/synctargets';
        const sent = request({ host: '127.0.0.1', port, agent, path, headers: { authorization: `Bearer ${ADMIN}` } });
        sent.on('response', (response) => {
          if (response.statusCode !== 200) console.error(`good client: ${response.statusCode}`);
          response.resume();
          response.on('end', () => {
            latencies.push(performance.now() - started);
            slowest?.push([performance.now() - started, (started - begin) / 1000]);
            resolve();
          });
        });
        sent.on('error', (error) => resolve(void console.error(`good client: ${error.message}`)));
        sent.end();
      }),
    );
  }
  await Promise.all(pending);
  agent.destroy();
  return latencies;
}

const p99 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.99)] ?? NaN;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tmc-auth-flood-'));
  const server = child(['server', dataDir, ADMIN]);
  if (PIN) {
    pin(server.pid!, 0);
    pin(process.pid, 1); // the good client; the flooder, forked later, inherits CPU 1
  }
  const { port } = await new Promise<{ port: number }>((resolve) => server.once('message', resolve as never));
  // Loaded before anything is measured: a flooder on another host would not start on this one.
  const flooder = child(['flood', String(port), String(CONNECTIONS)]);
  if (PIN) {
    pin(flooder.pid!, 1);
    setPriority(flooder.pid!, constants.priority.PRIORITY_LOW);
  }
  await new Promise((resolve) => flooder.once('message', resolve));
  await goodClient(port, 1); // warm-up
  const quietStart = await ask(server);
  const quiet = await goodClient(port, SECONDS);
  const quietCpu = (await ask(server)).cpu - quietStart.cpu;
  const floodStart = await ask(server);
  const flooderStart = await ask(flooder);
  // The flood begins with the measurement: its burst of verified failures, the costly part, is measured.
  flooder.send('go');
  const slow: [number, number][] = [];
  const during = await goodClient(port, SECONDS, slow);
  const flooderEnd = await ask(flooder);
  const floodCpu = (await ask(server)).cpu - floodStart.cpu;
  const ms = (v: number) => `${v.toFixed(2)} ms`;
  const pct = (cpu: number) => `${((cpu / 1e6 / SECONDS) * 100).toFixed(0)}% of a core`;
  const ratio = (p99(during) / p99(quiet)).toFixed(2);
  console.log(PIN ? 'pinned: server on CPU 0; good client and flooder (lowest priority) on CPU 1' : 'not pinned');
  console.log(`good client p99 quiet ${ms(p99(quiet))}, during flood ${ms(p99(during))}: ratio ${ratio}`);
  console.log(`flood answers by status: ${JSON.stringify(flooderEnd.report)}`);
  const worst = slow.sort((a, b) => b[0] - a[0]).slice(0, 6);
  console.log(`slowest during the flood: ${worst.map(([l, at]) => `${ms(l)} at +${at.toFixed(1)} s`).join(', ')}`);
  const flooderCpu = pct(flooderEnd.cpu - flooderStart.cpu);
  console.log(`server CPU quiet ${pct(quietCpu)}, during flood ${pct(floodCpu)}; flooder CPU ${flooderCpu}`);
  flooder.send('stop');
  server.send('stop');
  await sleep(500);
  rmSync(dataDir, { recursive: true, force: true });
}

await main();
