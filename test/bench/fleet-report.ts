// The fleet benchmark's figures for one server and the table that puts the two side by side.
import { median, percentile } from './feed-client.js';
import type { WorkerResults } from './fleet-agents.js';

export interface Phase {
  label: string;
  agents: number;
  reached: number;
  propagation: { p50: number; p99: number; max: number };
  reportedMax: number;
  heartbeatBefore: number;
  heartbeatDuring: number;
  heartbeatsDuring: number;
  eventLoop: { p99: number; max: number };
  rss: { before: number; idle: number; after: number };
  serverCpu: { idle: number; fanOut: number };
  simulatorCpu: { idle: number; fanOut: number };
  failures: number;
  failureKinds: Record<string, number>;
}

export interface Windows {
  idleStart: number;
  /** The idle window's end, before the server's metrics are read and the change is made. */
  idleEnd: number;
  triggered: number;
  done: number;
}

/** Propagation and heartbeat figures from every worker's results. */
export function figures(results: WorkerResults[], w: Windows) {
  const received = results.flatMap((r) => r.received).map((at) => at - w.triggered);
  const reported = results.flatMap((r) => r.reported).map((at) => at - w.triggered);
  const beats = results.flatMap((r) => r.heartbeats);
  // Before: the beats of the idle window answered within it. A beat still in flight when it ends is
  // answered after the metrics read and the change that follow (on tmc, after the first placement),
  // which is the fan-out's figure, not the idle server's; one sent from the change on counts as during.
  const before = beats.filter(([at, ms]) => at >= w.idleStart && at + ms <= w.idleEnd).map(([, ms]) => ms);
  const during = beats.filter(([at]) => at >= w.triggered && at <= w.done).map(([, ms]) => ms);
  const p = (values: number[], q: number) => (values.length ? percentile(values, q) : NaN);
  return {
    reached: received.length,
    propagation: { p50: p(received, 50), p99: p(received, 99), max: p(received, 100) },
    reportedMax: p(reported, 100),
    heartbeatBefore: p(before, 99),
    heartbeatDuring: p(during, 99),
    heartbeatsDuring: during.length,
    failures: results.reduce((sum, r) => sum + r.failures, 0),
    failureKinds: results.reduce<Record<string, number>>((sum, r) => {
      for (const [kind, count] of Object.entries(r.failureKinds)) sum[kind] = (sum[kind] ?? 0) + count;
      return sum;
    }, {}),
  };
}

/** Each figure's median over the runs (a label from the first); a figure no run has stays NaN. */
export function medianPhase(phases: Phase[]): Phase {
  const merge = (values: unknown[]): unknown => {
    const [first] = values;
    if (typeof first === 'number') return median(values.filter((v) => Number.isFinite(v)) as number[]) ?? NaN;
    if (typeof first !== 'object' || first === null) return first;
    const field = (key: string) => merge(values.map((v) => (v as Record<string, unknown>)[key]));
    return Object.fromEntries(Object.keys(first).map((key) => [key, field(key)]));
  };
  return merge(phases) as Phase;
}

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(v < 10 ? 1 : 0)} ms` : 'n/a');
const mib = (v: number) => `${(v / 1048576).toFixed(0)} MiB`;
const pct = (v: number) => `${(100 * v).toFixed(0)}%`;
const x = (a: number, b: number) => (Number.isFinite(a / b) && b > 0 ? `${(a / b).toFixed(1)}×` : 'n/a');

const kinds = (counts: Record<string, number>) => {
  const named = Object.entries(counts).map(([kind, count]) => `${kind} ${count}`);
  return named.length ? ` (${named.join(', ')})` : '';
};

export function table(store: string, agents: number, interval: number, real: Phase, bare: Phase): string {
  const perAgent = (p: Phase) => (p.rss.idle - p.rss.before) / p.agents;
  const rows: [string, (p: Phase) => string, string][] = [
    ['agents reached (status reported)', (p) => `${p.reached}/${p.agents}`, ''],
    ['propagation p50', (p) => ms(p.propagation.p50), x(real.propagation.p50, bare.propagation.p50)],
    ['propagation p99', (p) => ms(p.propagation.p99), x(real.propagation.p99, bare.propagation.p99)],
    ['propagation max', (p) => ms(p.propagation.max), x(real.propagation.max, bare.propagation.max)],
    ['last status report answered', (p) => ms(p.reportedMax), x(real.reportedMax, bare.reportedMax)],
    [
      'heartbeat p99 idle (answered before the fan-out)',
      (p) => ms(p.heartbeatBefore),
      x(real.heartbeatBefore, bare.heartbeatBefore),
    ],
    [
      'heartbeat p99 during the fan-out',
      (p) => `${ms(p.heartbeatDuring)} (n=${p.heartbeatsDuring})`,
      x(real.heartbeatDuring, bare.heartbeatDuring),
    ],
    ['event-loop delay p99 during', (p) => ms(p.eventLoop.p99), x(real.eventLoop.p99, bare.eventLoop.p99)],
    ['event-loop delay max during', (p) => ms(p.eventLoop.max), x(real.eventLoop.max, bare.eventLoop.max)],
    ['RSS before agents', (p) => mib(p.rss.before), ''],
    ['RSS agents idle', (p) => mib(p.rss.idle), ''],
    ['RSS after the fan-out', (p) => mib(p.rss.after), ''],
    ['RSS growth per agent', (p) => `${(perAgent(p) / 1024).toFixed(1)} KiB`, x(perAgent(real), perAgent(bare))],
    ['server CPU idle / fan-out', (p) => `${pct(p.serverCpu.idle)} / ${pct(p.serverCpu.fanOut)}`, ''],
    ['simulator CPU idle / fan-out', (p) => `${pct(p.simulatorCpu.idle)} / ${pct(p.simulatorCpu.fanOut)}`, ''],
    ['agent request failures', (p) => String(p.failures) + kinds(p.failureKinds), ''],
  ];
  const lines = rows.map(([label, cell, ratio]) => `| ${label} | ${cell(real)} | ${cell(bare)} | ${ratio} |`);
  return [
    '',
    `fleet benchmark (${store}): ${agents} agents, heartbeat every ${interval} s, one Deployment placed on all`,
    'CPU as share of one core; the machine has 2 cores for servers and simulator together',
    '| | tmc server | bare protocol server | tmc / bare |',
    '|---|---|---|---|',
    ...lines,
    '',
  ].join('\n');
}
