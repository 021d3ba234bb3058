// Each target's feed version: the resourceVersion of the last change that altered what its feed
// serves. Agents long-poll with it; a target whose version moves is announced to them.

export type TargetsChanged = (targets: string[], resourceVersion: number) => void;

export class FeedVersions {
  private readonly versions = new Map<string, number>();
  /**
   * The version of every target not changed since start. The lists' resourceVersion: never
   * older than a target's real version, so a change made before a restart is never missed
   * (an agent that was up to date just gets one extra answer).
   */
  baseline = 0;

  constructor(private readonly changed: TargetsChanged) {}

  of(target: string): number {
    return this.versions.get(target) ?? this.baseline;
  }

  /** The feeds of `targets` changed at `resourceVersion`: they get it and are announced. */
  bump(targets: ReadonlySet<string>, resourceVersion: number): void {
    if (targets.size === 0) return;
    for (const target of targets) this.versions.set(target, resourceVersion);
    this.changed([...targets], resourceVersion);
  }
}
