// The kcp mirror's metrics. Writes and errors are counted as they happen; queue depth, lag and
// kcp's reachability are read from the mirror when Prometheus scrapes.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface MirrorMetrics {
  writes: Counter<'op'>;
  errors: Counter<'reason'>;
  lag: Histogram;
}

export interface MirrorGauges {
  /** Keys waiting, delayed or in flight. */
  depth(): number;
  /** Seconds since the oldest record change that kcp does not show yet; 0 when in sync. */
  lagSeconds(): number;
  /** Whether the last call to kcp got an answer. */
  up(): boolean;
}

export function createMirrorMetrics(registry: Registry, gauges: MirrorGauges): MirrorMetrics {
  new Gauge({
    name: 'tmc_kcp_mirror_queue_depth',
    help: 'SyncTarget names queued for the kcp mirror: waiting, delayed (back-off, heartbeat budget) or in flight',
    registers: [registry],
    collect() {
      this.set(gauges.depth());
    },
  });
  new Gauge({
    name: 'tmc_kcp_mirror_lag_seconds',
    help: 'Age of the oldest SyncTarget change not yet written to kcp (0 when kcp is current; heartbeat times held back by the budget do not count)',
    registers: [registry],
    collect() {
      this.set(gauges.lagSeconds());
    },
  });
  new Gauge({
    name: 'tmc_kcp_mirror_up',
    help: '1 when the last request to kcp got an answer, 0 while kcp is unreachable',
    registers: [registry],
    collect() {
      this.set(gauges.up() ? 1 : 0);
    },
  });
  return {
    writes: new Counter({
      name: 'tmc_kcp_mirror_writes_total',
      help: 'Writes to kcp by operation: create, update (labels and spec), status, delete',
      labelNames: ['op'],
      registers: [registry],
    }),
    errors: new Counter({
      name: 'tmc_kcp_mirror_errors_total',
      help: 'Failed reconciles of one SyncTarget, by reason (KcpUnreachable, KcpConflict, NotOwned, ...)',
      labelNames: ['reason'],
      registers: [registry],
    }),
    lag: new Histogram({
      name: 'tmc_kcp_mirror_change_lag_seconds',
      help: 'Time from a SyncTarget change in tmc until kcp shows it',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800],
      registers: [registry],
    }),
  };
}
