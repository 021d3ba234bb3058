// Dependency order across kinds (schemas/apply-order.ts): an object is applied only once every desired object
// of a lower rank has been tried at its current version, and an object is pruned only once every
// owned object of a higher rank that is leaving has been. "Tried", not "succeeded": a ConfigMap
// that keeps failing must not hold its Deployment back forever, only until its first attempt.
// A key that must wait is parked, and every settled key wakes the parked ones.
import { rankOf } from '../../schemas/apply-order.js';
import { splitKey } from '../types.js';

const PRUNED = 'pruned';

const rank = (key: string): number => rankOf(splitKey(key).groupKind);

export class ApplyOrder {
  /** By key: the desired hash last tried, or PRUNED once a prune was tried. */
  private readonly tried = new Map<string, string>();
  private readonly parked = new Set<string>();

  constructor(private readonly wake: (key: string) => void) {}

  /**
   * The lower-ranked keys `key` must wait for: desired (with `hashOf`) but not yet tried at
   * that hash.
   */
  applyBlockers(key: string, desiredKeys: Iterable<string>, hashOf: (key: string) => string | undefined): string[] {
    const mine = rank(key);
    const blockers: string[] = [];
    for (const other of desiredKeys) {
      if (rank(other) < mine && this.tried.get(other) !== hashOf(other)) blockers.push(other);
    }
    return blockers;
  }

  /** The higher-ranked keys a prune of `key` must wait for: owned, no longer desired, not yet tried. */
  pruneBlockers(key: string, ownedKeys: Iterable<string>, isDesired: (key: string) => boolean): string[] {
    const mine = rank(key);
    const blockers: string[] = [];
    for (const other of ownedKeys) {
      if (rank(other) > mine && !isDesired(other) && this.tried.get(other) !== PRUNED) blockers.push(other);
    }
    return blockers;
  }

  park(key: string): void {
    this.parked.add(key);
  }

  /** `key` was tried at `hash` (or pruned when undefined): whoever waited may look again. */
  settle(key: string, hash?: string): void {
    this.tried.set(key, hash ?? PRUNED);
    this.parked.delete(key);
    const waiting = [...this.parked];
    this.parked.clear();
    for (const other of waiting) this.wake(other);
  }

  /** The key is neither desired nor owned any more. */
  forget(key: string): void {
    this.tried.delete(key);
    this.parked.delete(key);
  }
}
