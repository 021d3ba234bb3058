// Heartbeat metrics. Counts by result are kept as they happen; the per-target figures are
// computed from the in-memory index when Prometheus scrapes, so they cost nothing in between.
import { Counter, Gauge, type Registry } from 'prom-client';
import { inSlices, slicedCollect } from '../lib/scrape-slices.js';
import type { Heartbeats } from './heartbeats.js';
import type { SyncTargetIndex } from './target-index.js';

export type HeartbeatResult =
  | 'coalesced'
  | 'persisted'
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'error';

export interface HeartbeatMetrics {
  received: Counter<'result'>;
  reconciles: Counter;
}

export function resultOfStatus(code: number): HeartbeatResult {
  if (code === 401) return 'unauthorized';
  if (code === 403) return 'forbidden';
  if (code === 404) return 'not_found';
  return code >= 500 ? 'error' : 'invalid';
}

export function createHeartbeatMetrics(
  registry: Registry,
  index: SyncTargetIndex,
  heartbeats: Heartbeats,
): HeartbeatMetrics {
  new Gauge({
    name: 'tmc_synctargets',
    help: 'SyncTargets by the status of their Ready condition',
    labelNames: ['ready'],
    registers: [registry],
    async collect() {
      const counts: Record<string, number> = { True: 0, False: 0, Unknown: 0 };
      await inSlices(index.values(), (target) => {
        const ready = target.status.conditions?.find((c) => c.type === 'Ready')?.status ?? 'Unknown';
        counts[ready] = (counts[ready] ?? 0) + 1;
      });
      for (const [ready, count] of Object.entries(counts)) this.set({ ready }, count);
    },
  });
  new Gauge({
    name: 'tmc_synctarget_heartbeat_age_seconds',
    help: 'Seconds since the last heartbeat of each SyncTarget that has sent one',
    labelNames: ['synctarget'],
    registers: [registry],
    collect: slicedCollect<'synctarget'>((gauge) => {
      const now = Date.now();
      return inSlices(index.values(), (target) => {
        const last = heartbeats.lastHeartbeat(target);
        if (last !== undefined) gauge.set({ synctarget: target.name }, Math.max(0, now - last) / 1000);
      });
    }),
  });
  return {
    received: new Counter({
      name: 'tmc_agent_heartbeats_total',
      help: 'Heartbeats received, by result: coalesced (time kept in memory, flushed in batches), persisted (written at once), or why refused',
      labelNames: ['result'],
      registers: [registry],
    }),
    reconciles: new Counter({
      name: 'tmc_heartbeat_monitor_reconciles_total',
      help: 'Checks of one SyncTarget by the heartbeat monitor: about one per target per threshold, whatever the heartbeat rate',
      registers: [registry],
    }),
  };
}
