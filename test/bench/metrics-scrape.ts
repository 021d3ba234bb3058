// `npm run bench:scrape`: the longest event-loop turn a `/metrics` scrape takes with a series per
// target (BENCH_TARGETS targets, default 10,000, in BENCH_METRICS gauges, default 5), written by
// prom-client in one go (`registry.metrics()`, the baseline) and one metric per turn
// (`metricsInTurns`, what the server does). Same process and registry, alternating rounds; prints
// each round, the medians and their ratio. Nothing else runs: the scrape is all the process does.
import { Gauge, Registry } from 'prom-client';
import { metricsInTurns } from '../../src/lib/scrape-slices.js';
import { median } from './feed-client.js';

const TARGETS = Number(process.env.BENCH_TARGETS ?? 10_000);
const METRICS = Number(process.env.BENCH_METRICS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const registry = new Registry();
for (let m = 0; m < METRICS; m++) {
  const gauge = new Gauge({ name: `bench_per_target_${m}`, help: 'a series per target', labelNames: ['target'] });
  registry.registerMetric(gauge);
  for (let i = 0; i < TARGETS; i++) gauge.set({ target: `edge-${String(i).padStart(5, '0')}` }, i);
}

/** The longest time between two turns of the event loop while `scrape` runs, in ms. */
async function longestTurn(scrape: () => Promise<string>): Promise<number> {
  let longest = 0;
  let last = performance.now();
  let scraping = true;
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (scraping) setImmediate(tick);
  };
  setImmediate(tick);
  await scrape();
  scraping = false;
  // A scrape done in one go never let the ticker run: its whole time is one turn.
  return Math.max(longest, performance.now() - last);
}

const inOneGo: number[] = [];
const inTurns: number[] = [];
for (let r = 1; r <= ROUNDS; r++) {
  inOneGo.push(await longestTurn(() => registry.metrics()));
  inTurns.push(await longestTurn(() => metricsInTurns(registry)));
  process.stdout.write(
    `round ${r}: in one go ${inOneGo.at(-1)!.toFixed(1)} ms, in turns ${inTurns.at(-1)!.toFixed(1)} ms\n`,
  );
}
const [one, turns] = [median(inOneGo), median(inTurns)];
process.stdout.write(
  `longest turn of a scrape, ${METRICS} gauges x ${TARGETS} series, median of ${ROUNDS}: ` +
    `in one go ${one.toFixed(1)} ms, one metric per turn ${turns.toFixed(1)} ms (${(one / turns).toFixed(1)}x shorter)\n`,
);
