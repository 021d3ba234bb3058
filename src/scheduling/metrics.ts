// Scheduler metrics, registered on the app's own registry.
import { Counter, Gauge, type Registry } from 'prom-client';

export interface SchedulerMetrics {
  decisions: Counter<'action'>;
  reconciles: Counter<'kind' | 'result'>;
}

export function createSchedulerMetrics(registry: Registry, depth: () => number): SchedulerMetrics {
  new Gauge({
    name: 'tmc_scheduler_queue_depth',
    help: 'Objects and Placements waiting for the scheduler (ready, delayed or in progress)',
    registers: [registry],
    collect() {
      this.set(depth());
    },
  });
  return {
    decisions: new Counter({
      name: 'tmc_scheduling_decisions_total',
      help: 'Placements of an object on a SyncTarget made (place) or taken away (remove) by the scheduler',
      labelNames: ['action'],
      registers: [registry],
    }),
    reconciles: new Counter({
      name: 'tmc_scheduler_reconciles_total',
      help: 'Scheduler reconciles by kind and result: written, unchanged, or error (retried with back-off)',
      labelNames: ['kind', 'result'],
      registers: [registry],
    }),
  };
}
