// Keeps drift correction from turning into a tight loop against another controller that keeps
// changing the same field (an autoscaler scaling a placed Deployment, say): a few corrections
// a minute go through at once, further ones wait longer and longer, up to a minute apart.

export class DriftThrottle {
  private readonly history = new Map<string, number[]>();

  constructor(
    private readonly windowMs = 60_000,
    private readonly free = 3,
    private readonly maxDelayMs = 60_000,
  ) {}

  private recent(key: string, now: number): number[] {
    return (this.history.get(key) ?? []).filter((at) => now - at < this.windowMs);
  }

  /** How long to hold off correcting `key` now; 0 to go ahead. */
  delay(key: string, now = Date.now()): number {
    const recent = this.recent(key, now);
    if (recent.length < this.free) return 0;
    const wait = Math.min(this.maxDelayMs, 1_000 * 2 ** (recent.length - this.free));
    return Math.max(0, recent[recent.length - 1]! + wait - now);
  }

  record(key: string, now = Date.now()): void {
    // Bounded: the window never needs more than this many to know the delay is at its cap.
    this.history.set(key, [...this.recent(key, now), now].slice(-16));
  }

  forget(key: string): void {
    this.history.delete(key);
  }
}
