// Which status-only changes of a placed object the scheduler may leave alone. In a fan-out,
// thousands of agents report on one object; each batch of reports used to queue a reconcile that
// recomputes every entry (an object on 10,000 targets: hundreds of milliseconds) only to find
// nothing to write. A report changes only the report's fields of its target's entry
// (reported-entries.ts), from which the scheduler decides nothing unless a Placement of the object
// fails over on health or rolls out on what the targets report (`settled` asks that first). The
// scheduler's own write is what it computed from the state it then had: a later change of that
// state queues the object again, and the periodic resync stays the safety net.
import { jsonEqual } from '../lib/merge-patch.js';
import type { SyncTargetEntry } from '../schemas/deployment.js';
import type { KubeObject } from '../schemas/meta.js';
import { type PlacementRule, selects } from './placement-rules.js';
import { onlyReportsChanged } from './reported-entries.js';
import { entriesOf, stateFor, statusOf } from './status-entries.js';

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;

export class SettledStatuses {
  private readonly own = new WeakSet<object>();

  /** A status the scheduler is about to write, known again by identity: the store keeps the object it is given. */
  writing(status: unknown): void {
    if (isObject(status)) this.own.add(status);
  }

  /** Whether the object's status is one the scheduler wrote (`writing`), as it wrote it. */
  isOwn(object: KubeObject): boolean {
    return isObject(object.status) && this.own.has(object.status);
  }

  /**
   * Why `object`, whose status alone changed since `previous`, needs no reconcile, if it needs
   * none: no Placement of its namespace (`rulesIn`) that selects it reads reports, and it is the
   * scheduler's own write ('own'), or every entry kept its target, its placement (all but the
   * report's fields) and the state its target's readiness implies ('reports': then nothing else
   * the scheduler keeps of it changed either: not where it is placed, its holds or its policies).
   */
  settled(
    previous: KubeObject,
    object: KubeObject,
    rulesIn: (namespace: string) => readonly PlacementRule[],
    isReady: (target: string) => boolean,
  ): 'own' | 'reports' | undefined {
    const rules = rulesIn(object.metadata.namespace ?? '');
    if (rules.some((rule) => (rule.failover || rule.rollout) && selects(rule, object))) return undefined;
    if (this.isOwn(object)) return 'own';
    const before = entriesOf(previous.status);
    const after = entriesOf(object.status);
    if (after.length === 0) return undefined;
    const consistent = (entry: SyncTargetEntry) => entry.state === stateFor(entry, isReady(entry.name));
    return onlyReportsChanged(before, after, consistent) && totalsAgree(object, after) ? 'reports' : undefined;
  }
}

/** Whether the rest of the status (a Deployment's totals, another kind's summed fields) is what the entries make. */
function totalsAgree(object: KubeObject, entries: SyncTargetEntry[]): boolean {
  const { syncTargets: _wanted, ...wanted } = statusOf(object, entries) as Record<string, unknown>;
  const { syncTargets: _stored, ...stored } = object.status as Record<string, unknown>;
  return jsonEqual(wanted, stored);
}
