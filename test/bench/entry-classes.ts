// `npm run bench:classes`: what a pass over a fleet's entries costs when each entry has a hidden
// class of its own. BENCH_TARGETS entries (default 10,000) placed with a reason, made as the code
// before made them (a spread that adds a key: on Node 20 a class per entry) and as the scheduler
// makes them now (withReason, lib/plain-objects.ts); the same pass over each, the generation they
// reached, BENCH_ROUNDS times (default 50) in alternating rounds. Prints the medians and their ratio.
import { newEntry, withReason } from '../../src/scheduling/status-entries.js';
import { observedGeneration } from '../../src/scheduling/observed-generation.js';
import type { SyncTargetEntry } from '../../src/schemas/deployment.js';
import { median } from './feed-client.js';

const TARGETS = Number(process.env.BENCH_TARGETS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 50);
const now = new Date().toISOString();
const fresh = Array.from({ length: TARGETS }, (_, i) => newEntry(`edge-${i}`, true, now));
const spread: SyncTargetEntry[] = fresh.map((e) => ({ ...e, reason: 'Selected', lastUpdateTime: now }));
const made = fresh.map((e) => withReason(e, { reason: 'Selected' }, now));

const pass = (entries: SyncTargetEntry[]): number => {
  const started = performance.now();
  observedGeneration(entries, 'Deployment', 1);
  return performance.now() - started;
};
const before: number[] = [];
const after: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  before.push(pass(spread));
  after.push(pass(made));
}
const [b, a] = [median(before), median(after)];
process.stdout.write(
  `a pass over ${TARGETS} entries (Node ${process.version}), median of ${ROUNDS}: ` +
    `made by a spread ${b.toFixed(3)} ms, made as now ${a.toFixed(3)} ms (${(b / a).toFixed(1)}x)\n`,
);
