// Scrapes of per-SyncTarget metrics go back to the event loop between slices, two scrapes at once
// share one fill, and the default metrics that walk every handle are gone while the descriptor
// count stays.
import { openSync, closeSync } from 'node:fs';
import { Gauge, type OpenMetricsContentType, Registry } from 'prom-client';
import t from 'tap';
import { inSlices, metricsInTurns, slicedCollect } from '../../../src/lib/scrape-slices.js';
import { createMetrics } from '../../../src/metrics.js';

t.test('a long collect lets other work run between its slices', async (t) => {
  const seen: number[] = [];
  let between = -1;
  setImmediate(() => (between = seen.length));
  await inSlices(
    Array.from({ length: 1200 }, (_, i) => i),
    (i) => seen.push(i),
    500,
  );
  t.equal(seen.length, 1200, 'every item');
  t.equal(between, 500, 'the work queued before it ran after the first slice, not after all of them');
});

t.test('a sliced gauge: every value after a scrape, one fill for two scrapes at once', async (t) => {
  const registry = new Registry();
  let fills = 0;
  let values = ['a', 'b', 'c'];
  new Gauge({
    name: 'test_per_target',
    help: 'test',
    labelNames: ['target'],
    registers: [registry],
    collect: slicedCollect<'target'>((gauge) => {
      fills++;
      return inSlices(values, (target) => gauge.set({ target }, 1), 1);
    }),
  });
  const [first, second] = await Promise.all([registry.metrics(), registry.metrics()]);
  t.equal(fills, 1, 'scrapes at once share the fill under way');
  for (const text of [first, second]) t.match(text, /test_per_target\{target="c"\} 1/);
  values = ['d'];
  const third = await registry.metrics();
  t.equal(fills, 2);
  t.notMatch(third, /target="a"/, 'a later scrape starts from scratch: a target gone is gone');
  t.match(third, /target="d"/);
});

t.test('the default metrics: no handle walks; open descriptors counted without blocking', async (t) => {
  const { registry } = createMetrics();
  const text = await registry.metrics();
  t.notMatch(text, /nodejs_active_handles/);
  t.notMatch(text, /nodejs_active_resources/);
  t.match(text, /nodejs_eventloop_lag_p99_seconds/, 'the rest of the defaults stay');
  if (process.platform !== 'linux') return;
  const count = async () => Number(/^process_open_fds (\d+)$/m.exec(await registry.metrics())?.[1]);
  const before = await count();
  const opened = Array.from({ length: 20 }, () => openSync('/dev/null', 'r'));
  t.equal(await count(), before + 20, 'twenty more descriptors, counted');
  for (const fd of opened) closeSync(fd);
  t.equal(await count(), before);
});

t.test("a scrape's text is registry.metrics()'s, written one metric per turn of the event loop", async (t) => {
  const registry = new Registry();
  registry.setDefaultLabels({ replica: 'r1' });
  const gauges = ['first', 'second', 'third'].map(
    (name) => new Gauge({ name: `test_${name}`, help: `the ${name}`, labelNames: ['target'], registers: [registry] }),
  );
  gauges.forEach((gauge, i) => {
    for (let n = 0; n <= i; n++) gauge.set({ target: `t${n}` }, n + 0.5);
  });
  let turns = 0;
  let scraping = true;
  const count = () => {
    turns++;
    if (scraping) setImmediate(count);
  };
  setImmediate(count);
  const text = await metricsInTurns(registry);
  scraping = false;
  t.equal(text, await registry.metrics(), 'the same text');
  t.ok(turns >= 3, `other work ran between its metrics (${turns} turns)`);
  const open = new Registry<OpenMetricsContentType>();
  open.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  for (const gauge of gauges) open.registerMetric(gauge);
  t.equal(await metricsInTurns(open), await open.metrics(), 'OpenMetrics: as prom-client writes it');
});
