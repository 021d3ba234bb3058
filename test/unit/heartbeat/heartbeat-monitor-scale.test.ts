// The heartbeat monitor with 10,000 targets on a real SQLite store (in tmpfs, so the test
// measures the monitor rather than the disk): heartbeats cost it no work and no timers, each
// target is checked about once per threshold, and every one times out, none early.
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import t from 'tap';
import { prepareCreate } from '../../../src/api/resources/object-lifecycle.js';
import { syncTargetResource } from '../../../src/api/resources/synctargets.js';
import { HeartbeatMonitor } from '../../../src/heartbeat/heartbeat-monitor.js';
import { Heartbeats } from '../../../src/heartbeat/heartbeats.js';
import { SyncTargetIndex } from '../../../src/heartbeat/target-index.js';
import { SharedInformers } from '../../../src/runtime/shared-informers.js';
import { SYNC_TARGET_KIND } from '../../../src/schemas/synctarget.js';
import { SqliteStore } from '../../../src/store/sqlite/sqlite.js';
import { timerCounter } from '../../helpers/timers.js';

const TARGETS = 10_000;
// Long enough that, even on a loaded machine, the first heartbeats all land before a deadline.
const THRESHOLD = 10_000;
const ROUNDS = 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

t.test('10,000 targets: heartbeats cost the monitor nothing; each target times out once, not early', async (t) => {
  const dir = mkdtempSync(join('/dev/shm', 'tmc-monitor-'));
  const store = new SqliteStore(join(dir, 'tmc.db'));
  t.teardown(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await store.migrate();
  const names = Array.from({ length: TARGETS }, (_, i) => `edge-${i}`);
  for (const name of names)
    await store.create(
      prepareCreate(
        syncTargetResource,
        { apiVersion: 'workload.kcp.io/v1alpha1', kind: 'SyncTarget', metadata: { name } },
        undefined,
      ),
    );

  const log = pino({ level: 'silent' });
  const informers = new SharedInformers(store, [SYNC_TARGET_KIND]);
  await informers.start();
  t.teardown(() => informers.stop());
  const index = new SyncTargetIndex(informers);
  const heartbeats = new Heartbeats(store, index, THRESHOLD, log);
  let reconciles = 0;
  const monitor = new HeartbeatMonitor(index, heartbeats, log, () => reconciles++);
  await index.start();
  const timers = timerCounter(t);
  monitor.start();
  t.teardown(() => monitor.stop());
  const idle = async () => {
    while (monitor.depth.ready > 0 || monitor.depth.active > 0) await sleep(20);
  };

  // The first heartbeat of each target is written at once (it turns Ready)...
  const outcomes = new Set<string | undefined>();
  for (const name of names) outcomes.add(await heartbeats.receive(name, {}));
  t.same([...outcomes], ['persisted']);
  await idle();
  const afterFirst = reconciles;
  t.ok(afterFirst <= 3 * TARGETS, `a few checks per target to arm its deadline (${afterFirst})`);
  const readyNow = [...index.values()].filter(
    (x) => x.status.conditions?.find((c) => c.type === 'Ready')?.status === 'True',
  ).length;
  t.equal(monitor.depth.delayed, readyNow, 'one deadline per Ready target');
  t.equal(timers(), 1, 'behind a single timer');

  // ...the next ones only move a time in memory: no more timers, and at most one check per
  // target per threshold that passes meanwhile (a deadline firing finds a fresh heartbeat and
  // re-arms), however many heartbeats arrive. On an idle machine the rounds take well under
  // one threshold and cause no check at all.
  const lastBeat = new Map<string, number>();
  const roundsStart = Date.now();
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of names) {
      await heartbeats.receive(name, {});
      lastBeat.set(name, Date.now());
    }
  }
  const thresholdsPassed = Math.ceil((Date.now() - roundsStart) / THRESHOLD);
  t.ok(
    reconciles - afterFirst <= TARGETS * thresholdsPassed,
    `${ROUNDS * TARGETS} heartbeats in ${thresholdsPassed} threshold(s) caused ${reconciles - afterFirst} reconciles`,
  );
  t.equal(timers(), 1, 'still one timer');

  const silentFrom = Date.now();
  const deadline = silentFrom + THRESHOLD + 60_000;
  const unknown = () =>
    [...index.values()].filter((x) => x.status.conditions?.find((c) => c.type === 'Ready')?.status === 'Unknown');
  while (unknown().length < TARGETS && Date.now() < deadline) await sleep(100);
  await idle();
  t.equal(unknown().length, TARGETS, 'every target timed out');
  const early = [...index.values()].filter((x) => {
    const ready = x.status.conditions!.find((c) => c.type === 'Ready')!;
    return Date.parse(ready.lastTransitionTime!) - lastBeat.get(x.name)! < THRESHOLD - 1;
  });
  t.equal(early.length, 0, 'none before its threshold');
  const perTarget = (reconciles - afterFirst) / TARGETS;
  const allowed = Math.ceil((Date.now() - roundsStart) / THRESHOLD) + 2;
  t.ok(
    perTarget <= allowed,
    `about one check per target per threshold, plus the timeout's own (${perTarget.toFixed(2)} per target)`,
  );
  t.equal(monitor.depth.delayed, 0, 'timed-out targets hold no deadline');
});
