// A server-side apply over an owned object, logged as what it was: an upstream change applied,
// or a downstream change reverted (which the drift throttle counts).
import type { Logger } from 'pino';
import type { Applier } from './applier.js';
import type { Desired } from '../reconcile/desired-state.js';
import { type ApplyReason, driftedPaths } from '../reconcile/drift.js';
import type { DriftThrottle } from '../reconcile/drift-throttle.js';
import type { ResourceMapping } from './rest-mapper.js';
import type { KubeObject } from '../../schemas/meta.js';

export interface ApplyOverDeps {
  applier: Applier;
  throttle: DriftThrottle;
  log: Logger;
}

export async function applyOver(
  deps: ApplyOverDeps,
  key: string,
  mapping: ResourceMapping,
  desired: Desired,
  manifest: KubeObject,
  current: KubeObject,
  reason: ApplyReason,
): Promise<KubeObject> {
  const started = performance.now();
  // A uid that no longer matches (the object was replaced) throws; reconcile's catch forgets
  // the record and the watch brings the new object.
  const applied = await deps.applier.apply(mapping, manifest, current.metadata.uid!);
  const changed = applied.metadata.resourceVersion !== current.metadata.resourceVersion;
  const ms = Math.round(performance.now() - started);
  if (changed && reason !== 'update') {
    deps.throttle.record(key);
    const fields = driftedPaths(manifest, current).slice(0, 20);
    deps.log.info({ event: 'drift-corrected', key, reason, fields, ms }, 'reverted a downstream change');
  } else if (changed || reason === 'update') {
    deps.log.info({ event: 'apply', key, reason, generation: desired.item.metadata.generation, ms }, 'applied');
  }
  return applied;
}
