// A create that met an object of the same kind and name the agent's cache does not hold: its
// own object (it lost the label), applied over; someone else's, adopted in place when the policy
// says Adopt and no sync target claims it; otherwise left untouched and reported as an Error.
import type { Logger } from 'pino';
import type { Applier } from '../downstream/applier.js';
import type { Desired } from './desired-state.js';
import { isOwned, notOwnedMessage, SYNC_TARGET_ANNOTATION } from '../downstream/ownership.js';
import type { ResourceMapping } from '../downstream/rest-mapper.js';
import { errorReport, namesOf } from '../upstream/status-report.js';
import type { ReportSink } from '../upstream/status-reporter.js';
import type { EffectivePolicy } from './sync-policy.js';
import type { KubeObject } from '../../schemas/meta.js';

// How soon an object blocked by someone else's object is looked at again.
const CONFLICT_RECHECK_MS = 30_000;

export interface ConflictContext {
  target: string;
  applier: Applier;
  reporter: ReportSink;
  log: Logger;
  requeue: (key: string, delayMs: number) => void;
  /** Keys blocked by someone else's object: said once at warn level, not on every re-check. */
  conflicts: Set<string>;
  adopted: Set<string>;
  /** The desired object with the retained fields of `existing`. */
  retain: (existing: KubeObject) => KubeObject;
  /** Applies over the agent's own object. */
  update: (manifest: KubeObject, existing: KubeObject) => Promise<KubeObject>;
}

export async function createConflict(
  ctx: ConflictContext,
  key: string,
  mapping: ResourceMapping,
  desired: Desired,
  policy: EffectivePolicy,
): Promise<KubeObject | undefined> {
  const { namespace, name, generation } = desired.item.metadata;
  const existing = await ctx.applier.get(mapping, namespace, name);
  const names = namesOf(mapping);
  if (!existing) {
    const where = namespace ? ` in "${namespace}"` : '';
    throw new Error(`${names.resource} "${name}"${where} was deleted while being created: retrying`);
  }
  if (isOwned(existing, ctx.target)) return ctx.update(ctx.retain(existing), existing);
  // Adopt takes only what no sync target claims: another agent's object stays that agent's.
  if (policy.conflictResolution === 'Adopt' && !existing.metadata.annotations?.[SYNC_TARGET_ANNOTATION]) {
    // The same fields and pod template as it has: the apply adds the marks and changes nothing
    // else, so no rollout starts. The uid makes it fail if the object is replaced meanwhile.
    const adopted = await ctx.applier.apply(mapping, ctx.retain(existing), existing.metadata.uid!);
    ctx.adopted.add(key);
    ctx.conflicts.delete(key);
    ctx.log.info({ event: 'adopted', key, uid: existing.metadata.uid }, 'took over an existing object in place');
    return adopted;
  }
  const level = ctx.conflicts.has(key) ? 'debug' : 'warn';
  ctx.conflicts.add(key);
  const message = 'an object of this kind and name that the syncer does not own exists downstream: left untouched';
  ctx.log[level]({ event: 'ownership-conflict', key, uid: existing.metadata.uid }, message);
  const hint =
    policy.conflictResolution === 'Adopt' ? '' : ' (or set conflictResolution: Adopt to take it over in place)';
  ctx.reporter.set(key, errorReport(generation, notOwnedMessage(existing, ctx.target, names) + hint));
  ctx.requeue(key, CONFLICT_RECHECK_MS);
  return undefined;
}
