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
  finish(end: WaitEnd): void;
}

export interface Wait {
  ended: Promise<Ended>;
  cancel(): void;
}

export class FeedWaiters {
  private readonly byTarget = new Map<string, Set<Waiter>>();
  private count = 0;
  private closed = false;

  constructor(private readonly onWake: (woken: number) => void = () => undefined) {}

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
          if (!this.remove(waiter)) return;
          clearTimeout(waiter.timer);
          resolve({ end, at: performance.now() });
        },
      };
    });
    let set = this.byTarget.get(target);
    if (!set) this.byTarget.set(target, (set = new Set()));
    set.add(waiter);
    this.count++;
    return { ended, cancel: () => waiter.finish('cancelled') };
  }

  wake(targets: Iterable<string>): void {
    let woken = 0;
    for (const target of targets) {
      const set = this.byTarget.get(target);
      if (!set) continue;
      for (const waiter of [...set]) {
        waiter.finish('changed');
        woken++;
      }
    }
    if (woken > 0) this.onWake(woken);
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
