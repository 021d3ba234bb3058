// Feed metrics, registered on the app's own registry.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type FeedAnswer = 'immediate' | 'changed' | 'timeout' | 'shutdown' | 'cancelled';

export interface FeedMetrics {
  answers: Counter<'result'>;
  wakeups: Counter;
  latency: Histogram;
}

export function createFeedMetrics(registry: Registry, waiters: () => number): FeedMetrics {
  new Gauge({
    name: 'tmc_feed_waiters',
    help: 'Agent long-polls held now, waiting for the objects placed on their SyncTarget to change',
    registers: [registry],
    collect() {
      this.set(waiters());
    },
  });
  return {
    answers: new Counter({
      name: 'tmc_feed_answers_total',
      help: 'Feed requests by how they ended: immediate (changed since the given version), changed (woken while held), timeout (304), shutdown (304), cancelled (client went away)',
      labelNames: ['result'],
      registers: [registry],
    }),
    wakeups: new Counter({
      name: 'tmc_feed_wakeups_total',
      help: 'Held long-polls woken because the objects placed on their SyncTarget changed',
      registers: [registry],
    }),
    latency: new Histogram({
      name: 'tmc_feed_latency_seconds',
      help: "From the change reaching this replica to the woken long-poll's answer being written",
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
  };
}
