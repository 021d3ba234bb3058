// The syncer's engine running against an API server in memory (fake-cluster.ts), stopped when the
// test ends; the reports it makes go to `reports`.
import { setMaxListeners } from 'node:events';
import { pino } from 'pino';
import type { Test } from 'tap';
import { SyncEngine } from '../../../src/syncer/engine.js';
import type { StatusReport } from '../../../src/syncer/upstream/status-report.js';
import type { FakeCluster } from './fake-cluster.js';

export async function engineOn(t: Test, cluster: FakeCluster, reports = new Map<string, StatusReport>()) {
  const engine = new SyncEngine({
    target: 'edge-1',
    downstream: cluster.client,
    log: pino({ level: 'silent' }),
    reporter: { set: (key, report) => reports.set(key, report), forget: (key) => reports.delete(key) },
  });
  const stop = new AbortController();
  setMaxListeners(0, stop.signal);
  const running = engine.owned.run(stop.signal);
  t.teardown(async () => {
    stop.abort();
    await running;
    await engine.stop();
  });
  await engine.owned.synced;
  engine.start();
  return engine;
}
