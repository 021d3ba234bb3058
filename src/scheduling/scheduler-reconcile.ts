// The scheduler's two reconciles: an object's placements (status.syncTargets, and a Deployment's
// totals) and a Placement's status. Each computes the wanted status from the informer's state, writes
// only when it differs, and on a concurrent write (an agent's report, another replica) reads
// the object again and recomputes, so nobody's write is lost.
import { jsonEqual } from '../lib/merge-patch.js';
import { mergePolicies, type SyncPolicy } from '../schemas/sync-policy.js';
import type { KubeObject } from '../schemas/meta.js';
import type { PlacementStatus } from '../schemas/placement.js';
import { type Clock, type PlacementRule, selectedKinds } from './placement-rules.js';
import { desiredTargets } from './desired-targets.js';
import { type OverrideRule, overridden } from './override-rules.js';
import { placementStatus } from './placement-status.js';
import { strongerHold } from './hold-rules.js';
import type { HoldReason } from '../schemas/change-hold.js';
import {
  type PlacedReason,
  deliveredOf,
  entriesOf,
  placedTargets,
  reconcileEntries,
  statusOf,
  withOverrides,
  withPolicy,
  withShare,
  withFailover,
  withHold,
  withReason,
  withRollout,
} from './status-entries.js';
import type { TargetState } from './target-state.js';
import type { Needed } from './dependency-roots.js';
import { rewriteStatus } from '../store/rewrite-status.js';
import { type Store, keyOf } from '../store/types.js';

export interface SchedulingState {
  rules(namespace: string): PlacementRule[];
  overrides(namespace: string): OverrideRule[];
  targets(): ReadonlyMap<string, TargetState>;
  /** The objects of these kinds in the namespace. */
  objects(namespace: string, kinds: ReadonlySet<string>): Iterable<KubeObject>;
  /** The SyncTargets where objects placed there need `object`, each with those objects. */
  neededOn(object: KubeObject): ReadonlyMap<string, Needed>;
  clock(): Clock;
  /** Told of each status about to be written, so its own write need not be reconciled again. */
  writing?(status: unknown): void;
}

export interface WriteResult {
  written: boolean;
  placed: number;
  removed: number;
  /** When to look again without any change (a grace or evictAfter running out), ms since the epoch. */
  revisitAt?: number;
}

/** Writes the wanted status when it differs; resolves with the object written, if any. */
async function writeStatus(
  store: Store,
  cached: KubeObject,
  wanted: (object: KubeObject) => unknown,
  writing?: (status: unknown) => void,
): Promise<KubeObject | undefined> {
  const rewritten = await rewriteStatus(store, keyOf(cached), {
    uid: cached.metadata.uid,
    from: cached,
    change: (object) => {
      const status = wanted(object);
      if (jsonEqual(status, object.status)) return undefined;
      writing?.(status);
      return status;
    },
  });
  return rewritten?.written ? rewritten.object : undefined;
}

const SELECTED: PlacedReason = { reason: 'Selected' };
const NONE: readonly string[] = [];
const NO_HOLDS: readonly HoldReason[] = [];

/**
 * An object's policy on a target: its Placements' there, and what the objects that need it have
 * there (adopted, orphaned or watched with them), less their ignoreFields, whose paths are theirs.
 */
function policyOn(own: SyncPolicy | undefined, needers?: readonly SyncPolicy[]): SyncPolicy | undefined {
  // Placements' policies are merged already (desiredTargets): alone, one is its own merge.
  if (!needers?.length) return own;
  const inherited = needers.map(({ ignoreFields: _paths, ...rest }) => rest);
  return mergePolicies(own ? [own, ...inherited] : inherited);
}

/** Where an object goes: where a Placement selects it and where objects placed there need it. */
export async function reconcileObject(store: Store, state: SchedulingState, cached: KubeObject): Promise<WriteResult> {
  const clock = state.clock();
  const now = new Date(clock.now).toISOString();
  const targets = state.targets();
  const isReady = (name: string) => targets.get(name)?.ready ?? false;
  let revisitAt: number | undefined;
  const needed = state.neededOn(cached);
  const wanted = (object: KubeObject) => {
    const existed = placedTargets(object.status);
    const choice = desiredTargets(
      object,
      existed,
      state.rules(object.metadata.namespace ?? ''),
      targets,
      clock,
      entriesOf(object.status),
    );
    revisitAt = choice.revisitAt;
    const selected = new Set(choice.targets);
    const why = (name: string): PlacedReason =>
      selected.has(name) ? SELECTED : { reason: 'DependencyOf', dependencyOf: needed.get(name)?.by ?? [] };
    const names = [...new Set([...choice.targets, ...needed.keys()])];
    const overrides = state.overrides(object.metadata.namespace ?? '');
    // Targets with the same labels get the same Overrides: each set of labels is tried once.
    const byLabels = new Map<string, string[]>();
    const applied = (name: string): readonly string[] => {
      if (overrides.length === 0) return NONE;
      const labels = targets.get(name)?.labels;
      const key = JSON.stringify(labels ?? {});
      if (!byLabels.has(key)) byLabels.set(key, overridden(object, object, overrides, labels).applied);
      return byLabels.get(key)!;
    };
    const generation = object.metadata.generation ?? 0;
    // One pass, each step keeping the entry itself when it changes nothing: an object on 10,000
    // targets is computed again whenever one of them changes.
    const entries = reconcileEntries(entriesOf(object.status), names, isReady, now).map((kept) => {
      const name = kept.name;
      const need = needed.get(name);
      let e = withReason(kept, why(name), now);
      e = withPolicy(withOverrides(e, applied(name), now), policyOn(choice.policies?.get(name), need?.policies), now);
      e = withShare(e, choice.shares?.get(name), now);
      e = withFailover(e, choice.failedOver?.has(name) ?? false, choice.movedFrom?.get(name), now);
      // A target a rollout was taking to an older generation keeps that one (the feed pinned it there).
      const hold = (need?.holds ?? NO_HOLDS).reduce(strongerHold, choice.holds?.get(name));
      e = withHold(e, hold, existed.has(name) ? deliveredOf(e, generation) : undefined, now);
      // No rollout covers the target any more: its record goes, or the feed would keep pinning it.
      return withRollout(e, choice.rollouts?.get(name), now);
    });
    return statusOf(object, entries);
  };
  const before = placedTargets(cached.status);
  const written = await writeStatus(store, cached, wanted, state.writing);
  if (!written) return { written: false, placed: 0, removed: 0, revisitAt };
  const after = placedTargets(written.status);
  return {
    written: true,
    placed: [...after].filter((n) => !before.has(n)).length,
    removed: [...before].filter((n) => !after.has(n)).length,
    revisitAt,
  };
}

export async function reconcilePlacement(
  store: Store,
  state: SchedulingState,
  cached: KubeObject,
  rule: PlacementRule,
): Promise<boolean> {
  const clock = state.clock();
  const wanted = (object: KubeObject) =>
    placementStatus(
      rule,
      (object.status as PlacementStatus | undefined)?.conditions,
      state.objects(rule.namespace, selectedKinds(rule)),
      state.targets().values(),
      clock.now,
    );
  return (await writeStatus(store, cached, wanted, state.writing)) !== undefined;
}
