// `npm run bench:store-writes`: the embedded SQLite store's status writes, as a fleet makes them
// (a target marked Ready per first heartbeat, thousands at once), each alone in its event-loop
// turn (one commit each: the baseline) and then 50 to a turn (what a poll phase full of requests
// makes: one commit for them all). Same process, same file, alternating rounds; prints each
// round, the medians and their ratio, and the process's CPU share (the store runs in it).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/store/sqlite/sqlite.js';
import type { KubeObject } from '../../src/schemas/meta.js';
import { median } from './feed-client.js';

const TARGETS = Number(process.env.BENCH_TARGETS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'tmc-bench-store-'));
const store = new SqliteStore(join(dir, 'tmc.db'));
await store.migrate();
let objects: KubeObject[] = [];
for (let i = 0; i < TARGETS; i++) {
  const metadata = { name: `edge-${i}`, uid: `uid-${i}` };
  objects.push(await store.create({ apiVersion: 'workload.kcp.io/v1alpha1', kind: 'SyncTarget', metadata, spec: {} }));
}
const turn = () => new Promise((resolve) => setImmediate(resolve));

/** Microseconds per write, `perTurn` writes issued in each turn. */
async function round(perTurn: number, n: number): Promise<number> {
  const started = performance.now();
  const writes: Promise<KubeObject>[] = [];
  for (const [i, object] of objects.entries()) {
    if (i % perTurn === 0) await turn();
    const condition = { type: 'Ready', status: 'True', reason: 'HeartbeatHealthy', lastTransitionTime: `${n}` };
    const { resourceVersion, uid } = object.metadata;
    writes.push(store.update({ ...object, status: { conditions: [condition] } }, { resourceVersion, uid }));
  }
  objects = await Promise.all(writes);
  return ((performance.now() - started) * 1000) / objects.length;
}

const alone: number[] = [];
const grouped: number[] = [];
const cpu0 = process.cpuUsage();
const wall0 = performance.now();
for (let r = 1; r <= ROUNDS; r++) {
  alone.push(await round(1, 2 * r));
  grouped.push(await round(50, 2 * r + 1));
  process.stdout.write(
    `round ${r}: alone ${alone.at(-1)!.toFixed(0)} µs/write, 50 a turn ${grouped.at(-1)!.toFixed(0)} µs/write\n`,
  );
}
const usage = process.cpuUsage(cpu0);
const share = (usage.user + usage.system) / 1000 / (performance.now() - wall0);
const [a, g] = [median(alone)!, median(grouped)!];
process.stdout.write(
  `${TARGETS} status writes per round, median of ${ROUNDS}: alone ${a.toFixed(0)} µs/write, ` +
    `50 a turn ${g.toFixed(0)} µs/write (${(a / g).toFixed(1)}× faster); ` +
    `this process used ${(100 * share).toFixed(0)}% of a core\n`,
);
await store.close();
rmSync(dir, { recursive: true, force: true });
