// The load side of `npm run bench:heartbeat`: its settings, the targets and tokens it prepares, and
// one autocannon round against a server with the server's CPU read around it.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

export const TARGETS = Number(process.env.BENCH_TARGETS ?? 1000);
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
export const ADMIN = 'bench-admin-token-0123456789abcdef';
export const PATH = '/apis/workload.kcp.io/v1alpha1/synctargets';
export const BODY = JSON.stringify({
  syncerVersion: 'v0.1.0',
  kubernetesVersion: 'v1.33.0',
  capacity: { cpu: '8', memory: '32Gi' },
  allocatable: { cpu: '7500m', memory: '30Gi' },
});

export interface Server {
  child: ChildProcess;
  url: string;
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

export async function api(url: string, path: string, token = ADMIN, body?: string): Promise<any> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body } : {}),
  });
  if (response.status >= 300) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Creates the targets and their tokens, and sends each a first heartbeat so it is Ready. */
export async function prepare(url: string): Promise<string[]> {
  const tokens: string[] = [];
  for (let batch = 0; batch < TARGETS; batch += 16) {
    const names = Array.from({ length: Math.min(16, TARGETS - batch) }, (_, i) => `edge-${batch + i}`);
    tokens.push(
      ...(await Promise.all(
        names.map(async (name) => {
          await api(url, PATH, ADMIN, JSON.stringify({ metadata: { name } }));
          const { token } = await api(url, `${PATH}/${name}/tokens`);
          await api(url, `${PATH}/${name}/heartbeat`, token, BODY);
          return token as string;
        }),
      )),
    );
  }
  return tokens;
}

/** Where the next request of any round starts: rounds go on through the targets where the last stopped. */
let nextTarget = 0;

export interface Run {
  rps: number;
  cpuPerRequest: number;
  /** Share of one core the load generator (this process) used: near 100% it, not the server, set the pace. */
  generatorCpu: number;
  /**
   * Share of one core the rest of the machine used meanwhile (on PostgreSQL, mostly the database's
   * processes), which the server and the load generator did not have; NaN where /proc/stat is not.
   */
  othersCpu: number;
}

/** The machine's busy CPU time so far in microseconds, from Linux's /proc/stat (USER_HZ ticks of 10 ms). */
function machineBusyMicros(): number {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).map(Number);
    // user nice system idle iowait irq softirq steal: all but idle and iowait are busy.
    const busy = ticks.slice(0, 8).reduce((sum, t, i) => (i === 3 || i === 4 ? sum : sum + t!), 0);
    return busy * 10_000;
  } catch {
    return Number.NaN;
  }
}

export async function measure(
  server: Server,
  tokens: string[],
  seconds: number,
  route = `${PATH}/:name/heartbeat`,
): Promise<Run> {
  // Every target in turn, whichever connection sends next: left to autocannon, each connection
  // walks the list from its start, so a short round reaches only its first few hundred targets
  // and the rest time out (a status write each) in the middle of the measurement.
  const requests = [
    {
      method: 'POST' as const,
      body: BODY,
      setupRequest: (request: autocannon.Request) => {
        const i = nextTarget++ % tokens.length;
        return {
          ...request,
          path: route.replace(':name', `edge-${i}`),
          headers: { authorization: `Bearer ${tokens[i]}`, 'content-type': 'application/json' },
        };
      },
    },
  ];
  const cpuBefore = await server.cpuMicros();
  const generatorBefore = process.cpuUsage();
  const machineBefore = machineBusyMicros();
  const result = await autocannon({ url: server.url, connections: CONNECTIONS, duration: seconds, requests });
  const machine = machineBusyMicros() - machineBefore;
  const cpu = (await server.cpuMicros()) - cpuBefore;
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${result.non2xx} non-2xx answers and ${result.errors} errors`);
  const generator = process.cpuUsage(generatorBefore);
  const generatorCpu = (generator.user + generator.system) / (seconds * 1e6);
  const othersCpu = Math.max(0, machine - cpu - generator.user - generator.system) / (seconds * 1e6);
  return { rps: result.requests.total / seconds, cpuPerRequest: cpu / result.requests.total, generatorCpu, othersCpu };
}

export const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function heartbeatCounts(url: string): Promise<string> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('tmc_agent_heartbeats_total'))
    .map((l) => l.replace('tmc_agent_heartbeats_total', ''))
    .join(', ');
}
