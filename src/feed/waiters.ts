// Held long-poll requests, by SyncTarget. A change wakes only the waiters of the targets whose
// set changed; nothing polls the store. Each waiter ends exactly once: woken, timed out,
// cancelled (the client went away) or released at shutdown.
export type WaitEnd = 'changed' | 'timeout' | 'cancelled' | 'shutdown';

export interface Ended {
  end: WaitEnd;
  /** performance.now() when it ended: for a change, when the change reached this replica. */
  at: number;
}

interface Waiter {
  target: string;
  timer: NodeJS.Timeout;
  /** False when it had ended already. */
  finish(end: WaitEnd): boolean;
}

export interface Wait {
  ended: Promise<Ended>;
  cancel(): void;
}

// Each woken wait answers its feed (build, write, hooks): about a millisecond's work per slice.
const WAKE_SLICE = 32;

export class FeedWaiters {
  private readonly byTarget = new Map<string, Set<Waiter>>();
  private count = 0;
  private closed = false;
  /** Wakes that take more than one slice, under way. */
  private waking = 0;
  private readonly onSettled: (() => void)[] = [];

  constructor(
    private readonly onWake: (woken: number) => void = () => undefined,
    /** How many waits end per turn of the event loop. */
    private readonly slice = WAKE_SLICE,
  ) {}

  get size(): number {
    return this.count;
  }

  wait(target: string, timeoutMs: number): Wait {
    if (this.closed)
      return { ended: Promise.resolve({ end: 'shutdown', at: performance.now() }), cancel: () => undefined };
    let waiter!: Waiter;
    const ended = new Promise<Ended>((resolve) => {
      waiter = {
        target,
        timer: setTimeout(() => waiter.finish('timeout'), timeoutMs),
        finish: (end) => {
          if (!this.remove(waiter)) return false;
          clearTimeout(waiter.timer);
          resolve({ end, at: performance.now() });
          return true;
        },
      };
    });
    let set = this.byTarget.get(target);
    if (!set) this.byTarget.set(target, (set = new Set()));
    set.add(waiter);
    this.count++;
    return { ended, cancel: () => void waiter.finish('cancelled') };
  }

  /**
   * Ends the waits of these targets. A change placed on thousands of targets would answer all
   * their feeds in one run of the event loop; the waits are ended in slices, each after the
   * event loop has turned, so heartbeats and other requests are served between them. A wait
   * cancelled or timed out meanwhile ends as that (each ends exactly once).
   */
  wake(targets: Iterable<string>): void {
    const waiting: Waiter[] = [];
    for (const target of targets) for (const waiter of this.byTarget.get(target) ?? []) waiting.push(waiter);
    if (waiting.length > this.slice) this.waking++;
    this.finishInSlices(waiting, 0);
  }

  /**
   * Resolves once the wakes under way have ended all their waits; undefined when none is under
   * way. The agents' status reports wait for it before they write: the answers to a change go
   * out before the writes of the reports it causes, which would otherwise run between the slices.
   */
  settled(): Promise<void> | undefined {
    if (this.waking === 0) return undefined;
    return new Promise((resolve) => this.onSettled.push(resolve));
  }

  private finishInSlices(waiting: Waiter[], from: number): void {
    const to = Math.min(waiting.length, from + this.slice);
    let woken = 0;
    for (let i = from; i < to; i++) if (waiting[i]!.finish('changed')) woken++;
    if (woken > 0) this.onWake(woken);
    if (to < waiting.length) setImmediate(() => this.finishInSlices(waiting, to));
    else if (from > 0 && --this.waking === 0) for (const resolve of this.onSettled.splice(0)) resolve();
  }

  /** Answers every held request at once, so a graceful shutdown need not wait out the long polls. */
  closeAll(): void {
    this.closed = true;
    for (const set of [...this.byTarget.values()]) for (const waiter of [...set]) waiter.finish('shutdown');
  }

  private remove(waiter: Waiter): boolean {
    const set = this.byTarget.get(waiter.target);
    if (!set?.delete(waiter)) return false;
    if (set.size === 0) this.byTarget.delete(waiter.target);
    this.count--;
    return true;
  }
}
