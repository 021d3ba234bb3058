// Which objects are placed on each SyncTarget, by key ("Kind ns/name"): the reverse of the objects'
// status.syncTargets, so a change to one target finds its objects without a scan.
export class PlacedByTarget {
  private readonly byDeployment = new Map<string, ReadonlySet<string>>();
  private readonly byTarget = new Map<string, Set<string>>();

  /**
   * Records that `key` is placed on exactly `targets` (an empty set removes it). Only the targets
   * that came or went are touched: a report on an object on thousands of targets moves none.
   */
  set(key: string, targets: ReadonlySet<string>): void {
    const before = this.byDeployment.get(key) ?? new Set<string>();
    for (const target of before) {
      if (targets.has(target)) continue;
      const keys = this.byTarget.get(target);
      keys?.delete(key);
      if (keys?.size === 0) this.byTarget.delete(target);
    }
    for (const target of targets) {
      if (before.has(target)) continue;
      let keys = this.byTarget.get(target);
      if (!keys) this.byTarget.set(target, (keys = new Set()));
      keys.add(key);
    }
    if (targets.size === 0) this.byDeployment.delete(key);
    else this.byDeployment.set(key, targets);
  }

  targetsOf(key: string): ReadonlySet<string> {
    return this.byDeployment.get(key) ?? new Set();
  }

  /** The objects placed on `target`, sorted by key. */
  keysOn(target: string): string[] {
    return [...(this.byTarget.get(target) ?? [])].sort();
  }

  clear(): void {
    this.byDeployment.clear();
    this.byTarget.clear();
  }
}
