// The write budget for heartbeat times: a status write that only moves
// lastSyncerHeartbeatTime is allowed once per interval per target, so 10,000 healthy targets
// cost about 10,000 / 30 s = 330 writes/s instead of one per heartbeat. Any status write
// resets a target's clock, since it carried the latest time along.
export class HeartbeatBudget {
  private readonly lastWrite = new Map<string, number>();

  constructor(
    readonly intervalMs: number,
    private readonly startedAt = Date.now(),
    private readonly random: () => number = Math.random,
  ) {}

  /** Milliseconds until a heartbeat-only write of `name` is allowed; 0 means now. */
  wait(name: string, now = Date.now()): number {
    let last = this.lastWrite.get(name);
    if (last === undefined) {
      // Not written since this mirror started: spread the first time-only writes over one
      // interval, so a new leader does not rewrite every target at once.
      last = this.startedAt - this.random() * this.intervalMs;
      this.lastWrite.set(name, last);
    }
    return Math.max(0, last + this.intervalMs - now);
  }

  wrote(name: string, now = Date.now()): void {
    this.lastWrite.set(name, now);
  }

  forget(name: string): void {
    this.lastWrite.delete(name);
  }
}
