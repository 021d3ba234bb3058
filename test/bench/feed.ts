// `npm run bench:feed`: 1,000 agents, each with its own SyncTarget and agent token (and a
// heartbeat every 20 s, like real agents), hold a long poll on their feed against a real tmc
// server in its own process on 127.0.0.1. A Deployment placed on all of them is created; the
// time from that request to each agent's answer is measured (p50, p99), and the server's
// memory per idle held poll. The baseline, measured in the same run with the same agents and
// connections: a bare Fastify long poll that answers every held request at once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Server, call, keepAlive, kib, median, ms, ok, percentile, startServer, until } from './feed-client.js';
import { serveBare, serveReal } from './feed-server.js';
import { feedPath, heartbeatForever, prepare } from './feed-agents.js';

const AGENTS = Number(process.env.BENCH_AGENTS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ADMIN = 'bench-admin-token-0123456789abcdef';
const deployment = (n: number) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: `web-${n}`, namespace: 'bench', labels: { app: `web-${n}` } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: `web-${n}` } },
    template: {
      metadata: { labels: { app: `web-${n}` } },
      spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
    },
  },
});

interface Round {
  p50: number;
  p99: number;
  heapPerPoll: number;
  rssPerPoll: number;
}

/**
 * All agents fetch, then hold; `trigger` makes the server answer them; measures each answer's delay from the trigger.
 */
async function round(
  server: Server,
  tokens: (string | undefined)[],
  n: number,
  trigger: () => Promise<unknown>,
): Promise<Round> {
  const versions = await Promise.all(
    tokens.map(async (token, i) => (await ok(server.port, 'GET', feedPath(i), token)).resourceVersion as string),
  );
  const before = await server.memory();
  const answered = tokens.map((token, i) =>
    call(server.port, 'GET', `${feedPath(i)}?resourceVersion=${versions[i]}&timeoutSeconds=300`, token).then(
      (reply) => {
        if (reply.status !== 200 || JSON.parse(reply.body).items.length !== n)
          throw new Error(`agent ${i}: ${reply.status} ${reply.body.slice(0, 200)}`);
        return performance.now();
      },
    ),
  );
  await until(async () =>
    new RegExp(`^tmc_feed_waiters ${tokens.length}$`, 'm').test((await call(server.port, 'GET', '/metrics')).body),
  );
  const held = await server.memory();
  const started = performance.now();
  await trigger();
  const delays = (await Promise.all(answered)).map((at) => at - started);
  return {
    p50: percentile(delays, 50),
    p99: percentile(delays, 99),
    heapPerPoll: (held.heapUsed - before.heapUsed) / tokens.length,
    rssPerPoll: (held.rss - before.rss) / tokens.length,
  };
}

const line = (label: string, rounds: Round[]) =>
  `  ${label.padEnd(24)} p50 ${ms(median(rounds.map((r) => r.p50)))}   p99 ${ms(median(rounds.map((r) => r.p99)))}   ` +
  `memory per held poll: heap ${kib(median(rounds.map((r) => r.heapPerPoll)))}, RSS ${kib(median(rounds.map((r) => r.rssPerPoll)))}`;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tmc-bench-feed-'));
  const real = await startServer(import.meta.url, 'serve-real', [dataDir]);
  const bare = await startServer(import.meta.url, 'serve-bare', []);
  try {
    process.stdout.write(`preparing ${AGENTS} SyncTargets with agent tokens and a Placement over all of them...\n`);
    const tokens = await prepare(real.port, ADMIN, AGENTS);
    const stopHeartbeats = heartbeatForever(real.port, tokens);
    const runs = { real: [] as Round[], bare: [] as Round[] };
    const anonymous = tokens.map(() => undefined);
    for (let n = 0; n <= ROUNDS; n++) {
      const items = Array.from({ length: n + 1 }, (_, i) => deployment(i + 1));
      const r = await round(real, tokens, n + 1, () =>
        ok(real.port, 'POST', '/apis/apps/v1/namespaces/bench/deployments', ADMIN, deployment(n + 1)),
      );
      const b = await round(bare, anonymous, n + 1, () => ok(bare.port, 'POST', '/release', undefined, items));
      process.stdout.write(
        `${n === 0 ? 'warm-up' : `round ${n}`}: tmc p50 ${ms(r.p50)} p99 ${ms(r.p99)} | bare p50 ${ms(b.p50)} p99 ${ms(b.p99)}\n`,
      );
      if (n === 0) continue;
      runs.real.push(r);
      runs.bare.push(b);
    }
    stopHeartbeats();
    const ratio = median(runs.real.map((r) => r.p99)) / median(runs.bare.map((r) => r.p99));
    process.stdout.write(
      [
        '',
        `feed benchmark: ${AGENTS} agents holding long polls; a Deployment placed on all of them, ${ROUNDS} rounds after a warm-up (medians)`,
        "time from the Deployment create (tmc) or the release (bare) to each agent's answer:",
        line('tmc feed', runs.real),
        line('bare Fastify long poll', runs.bare),
        `  ratio of p99s (tmc / bare): ${ratio.toFixed(2)}`,
        '',
      ].join('\n'),
    );
  } finally {
    keepAlive.destroy();
    await Promise.all([real.stop(), bare.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const [mode, dataDir] = process.argv.slice(2);
if (mode === 'serve-real') await serveReal(dataDir!, ADMIN);
else if (mode === 'serve-bare') await serveBare();
else await main();
