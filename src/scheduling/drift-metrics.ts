// The drifted-objects gauge (driftPolicy DetectOnly): per SyncTarget, how many objects its agent
// reports as drifted. Computed from the informers' caches when Prometheus scrapes, so a drift
// that clears, an object deleted or a SyncTarget deleted is gone from the next scrape with no
// bookkeeping, and the label values are only the SyncTargets that exist now.
import { Gauge, type Registry } from 'prom-client';
import type { SharedInformers } from '../runtime/shared-informers.js';
import { inSlices, slicedCollect } from '../lib/scrape-slices.js';

interface Entry {
  name?: unknown;
  drift?: unknown;
}

/** Objects with a drift report, by SyncTarget name (every existing SyncTarget, 0 for none). */
export function driftedByTarget(informers: SharedInformers): Map<string, number> {
  const counts = new Map<string, number>();
  for (const target of informers.informer('SyncTarget').list())
    if (target.metadata.name) counts.set(target.metadata.name, 0);
  for (const kind of informers.kinds) {
    if (kind === 'SyncTarget') continue;
    for (const object of informers.informer(kind).list()) {
      const entries = (object.status as { syncTargets?: unknown } | undefined)?.syncTargets;
      if (!Array.isArray(entries)) continue;
      for (const entry of entries as Entry[]) {
        const count = typeof entry.name === 'string' ? counts.get(entry.name) : undefined;
        if (count !== undefined && Array.isArray(entry.drift) && entry.drift.length > 0) {
          counts.set(entry.name as string, count + 1);
        }
      }
    }
  }
  return counts;
}

export function createDriftMetrics(registry: Registry, informers: SharedInformers): void {
  new Gauge({
    name: 'tmc_drifted_objects',
    help: 'Objects whose agent reports fields that differ downstream (driftPolicy DetectOnly), by SyncTarget',
    labelNames: ['target'],
    registers: [registry],
    collect: slicedCollect<'target'>((gauge) =>
      inSlices(driftedByTarget(informers), ([target, count]) => gauge.set({ target }, count)),
    ),
  });
}
