// Per-SyncTarget metrics are computed when Prometheus scrapes. With thousands of targets one
// collect is milliseconds of work per metric, and prom-client runs every collect of a scrape in
// one go: these helpers let such a collect go back to the event loop between slices, so a
// scrape never holds up heartbeats and long polls for long.
import { setImmediate as turn } from 'node:timers/promises';
import { type Gauge, Registry, type RegistryContentType } from 'prom-client';

/** How many items a collect takes between returns to the event loop. */
export const SCRAPE_SLICE = 500;

/** Calls `each` for every item, returning to the event loop after every `slice` of them. */
export async function inSlices<T>(items: Iterable<T>, each: (item: T) => void, slice = SCRAPE_SLICE): Promise<void> {
  let count = 0;
  for (const item of items) {
    each(item);
    if (++count % slice === 0) await turn();
  }
}

/**
 * A collect that fills a gauge from scratch in slices. Two scrapes at once share one fill: each
 * would otherwise reset the gauge the other is filling.
 */
export function slicedCollect<L extends string>(fill: (gauge: Gauge<L>) => Promise<void>) {
  let filling: Promise<void> | undefined;
  return function collect(this: Gauge<L>): Promise<void> {
    filling ??= (async () => {
      this.reset();
      await fill(this);
    })().finally(() => {
      filling = undefined;
    });
    return filling;
  };
}

/**
 * The registry's text, as `registry.metrics()` writes it, one metric per turn of the event loop.
 * prom-client formats every metric of a scrape in one go once their collects are done: with a
 * series per target on a large fleet, that alone held the event loop for hundreds of milliseconds.
 */
export async function metricsInTurns<T extends RegistryContentType>(registry: Registry<T>): Promise<string> {
  if ((registry.contentType as RegistryContentType) !== Registry.PROMETHEUS_CONTENT_TYPE) return registry.metrics();
  const texts: string[] = [];
  for (const metric of registry.getMetricsAsArray()) {
    texts.push(await registry.getSingleMetricAsString(metric.name));
    await turn();
  }
  return `${texts.join('\n\n')}\n`;
}
