// `npm run bench:watch`: 1,000 watchers (?watch=true on the Deployments of one namespace, as
// kubectl -w or an informer holds them) receive a change: the time from the Deployment's create
// to its event at each watcher (p50, p99), against a real tmc server in its own process on
// 127.0.0.1. The baseline, measured in the same run on the same server: 1,000 agents' long polls
// of the feed answered with a Deployment placed on all of them, the path agents take. Rounds
// alternate between the two. The load generator's own CPU share and event loop delay are shown,
// to tell its limits from the server's.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Server, call, keepAlive, median, ms, ok, percentile, startServer, until } from './feed-client.js';
import { serveReal } from './feed-server.js';
import { feedPath, heartbeatForever, prepare } from './feed-agents.js';
import { type GeneratorLoad, type Watcher, measured, openWatcher } from './watch-client.js';

const CLIENTS = Number(process.env.BENCH_WATCHERS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ADMIN = 'bench-admin-token-0123456789abcdef';
const deploymentsOf = (ns: string) => `/apis/apps/v1/namespaces/${ns}/deployments`;

const deployment = (name: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, labels: { app: name } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
  },
});

interface Round {
  p50: number;
  p99: number;
  load: GeneratorLoad;
}

const summary = (delays: number[], load: GeneratorLoad): Round => ({
  p50: percentile(delays, 50),
  p99: percentile(delays, 99),
  load,
});
const percent = (share: number) => `${(100 * share).toFixed(0)}%`;

/** The agents fetch, then hold their long polls; a Deployment placed on all of them answers each. */
async function feedRound(server: Server, tokens: string[], name: string): Promise<Round> {
  const version = async (token: string, i: number) =>
    (await ok(server.port, 'GET', feedPath(i), token)).resourceVersion;
  const versions = await Promise.all(tokens.map(version));
  const answered = tokens.map(async (token, i) => {
    const poll = `${feedPath(i)}?resourceVersion=${versions[i]}&timeoutSeconds=300`;
    const reply = await call(server.port, 'GET', poll, token);
    const items = reply.status === 200 ? (JSON.parse(reply.body).items as { metadata: { name: string } }[]) : [];
    if (!items.some((item) => item.metadata.name === name)) {
      throw new Error(`agent ${i}: ${reply.status} ${reply.body.slice(0, 200)}`);
    }
    return performance.now();
  });
  const held = new RegExp(`^tmc_feed_waiters ${tokens.length}$`, 'm');
  await until(async () => held.test((await call(server.port, 'GET', '/metrics')).body));
  const { result, load } = await measured(async () => {
    const started = performance.now();
    await ok(server.port, 'POST', deploymentsOf('bench'), ADMIN, deployment(name));
    return (await Promise.all(answered)).map((at) => at - started);
  });
  return summary(result, load);
}

/** The watchers hold their watches throughout; a Deployment created in their namespace reaches each. */
async function watchRound(server: Server, watchers: Watcher[], name: string): Promise<Round> {
  const arrivals = watchers.map((watcher) => watcher.arrival(name));
  const { result, load } = await measured(async () => {
    const started = performance.now();
    await ok(server.port, 'POST', deploymentsOf('watched'), ADMIN, deployment(name));
    return (await Promise.all(arrivals)).map((at) => at - started);
  });
  return summary(result, load);
}

async function openWatchers(port: number): Promise<Watcher[]> {
  const { metadata } = await ok(port, 'GET', deploymentsOf('watched'), ADMIN);
  const path = `${deploymentsOf('watched')}?watch=true&resourceVersion=${metadata.resourceVersion}&timeoutSeconds=3600`;
  const watchers: Watcher[] = [];
  for (let batch = 0; batch < CLIENTS; batch += 50) {
    const opening = Array.from({ length: Math.min(50, CLIENTS - batch) }, () => openWatcher(port, path, ADMIN));
    watchers.push(...(await Promise.all(opening)));
  }
  return watchers;
}

const line = (label: string, rounds: Round[]) =>
  `  ${label.padEnd(30)} p50 ${ms(median(rounds.map((r) => r.p50)))}   p99 ${ms(median(rounds.map((r) => r.p99)))}`;
const loadLine = (label: string, rounds: Round[]) => {
  const worst = (f: (l: GeneratorLoad) => number) => Math.max(...rounds.map((r) => f(r.load)));
  const delay = `p99 ${worst((l) => l.lagP99).toFixed(1)} ms, max ${worst((l) => l.lagMax).toFixed(1)} ms`;
  const cpu = percent(worst((l) => l.cpuShare));
  return `  ${label.padEnd(30)} CPU ${cpu} of a core, event loop delay ${delay} (worst round)`;
};

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tmc-bench-watch-'));
  const server = await startServer(import.meta.url, 'serve-real', [dataDir]);
  let watchers: Watcher[] = [];
  try {
    process.stdout.write(`preparing ${CLIENTS} agents (SyncTargets, tokens, a Placement) and ${CLIENTS} watchers...\n`);
    const tokens = await prepare(server.port, ADMIN, CLIENTS);
    const stopHeartbeats = heartbeatForever(server.port, tokens);
    watchers = await openWatchers(server.port);
    const runs = { watch: [] as Round[], feed: [] as Round[] };
    for (let n = 0; n <= ROUNDS; n++) {
      const f = await feedRound(server, tokens, `placed-${n}`);
      const w = await watchRound(server, watchers, `watched-${n}`);
      process.stdout.write(
        `${n === 0 ? 'warm-up' : `round ${n}`}: watch p50 ${ms(w.p50)} p99 ${ms(w.p99)} | ` +
          `feed p50 ${ms(f.p50)} p99 ${ms(f.p99)} | ` +
          `generator CPU ${percent(w.load.cpuShare)}/${percent(f.load.cpuShare)}\n`,
      );
      if (n === 0) continue;
      runs.watch.push(w);
      runs.feed.push(f);
    }
    stopHeartbeats();
    const ratio = median(runs.watch.map((r) => r.p99)) / median(runs.feed.map((r) => r.p99));
    process.stdout.write(
      [
        '',
        `watch benchmark: ${CLIENTS} watchers and ${CLIENTS} agents on one server; ` +
          `${ROUNDS} rounds after a warm-up (medians)`,
        "time from the Deployment create to its event at each watcher, or to each agent's long-poll answer:",
        line('tmc watch (?watch=true)', runs.watch),
        line('tmc agent feed (long poll)', runs.feed),
        `  ratio of p99s (watch / feed): ${ratio.toFixed(2)}`,
        'the load generator (this process), while a change was delivered:',
        loadLine('holding the watches', runs.watch),
        loadLine('holding the long polls', runs.feed),
        '',
      ].join('\n'),
    );
  } finally {
    for (const watcher of watchers) watcher.close();
    keepAlive.destroy();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const [mode, dataDir] = process.argv.slice(2);
if (mode === 'serve-real') await serveReal(dataDir!, ADMIN);
else await main();
