// A controller work queue in the manner of client-go's: keyed by object name, a key queued
// twice is processed once, one key is never processed by two workers at once (a key added
// while in flight runs again afterwards), failures retry with exponential back-off, delayed
// adds wait in a min-heap behind a single timer, and a periodic resync re-queues every key.
import { MinHeap } from './min-heap.js';

export interface WorkQueueOptions {
  /** Reconciles one key; a throw retries it after a back-off. */
  process: (key: string) => Promise<void>;
  /** How many keys are processed at once (default 1). */
  concurrency?: number;
  /** Back-off after the n-th failure in a row: baseMs * 2^(n-1), at most maxMs. */
  backoff?: { baseMs: number; maxMs: number };
  /** A safety net: every intervalMs, all keys are queued again. */
  resync?: { intervalMs: number; keys: () => Iterable<string> };
  onError?: (key: string, error: unknown, failures: number) => void;
}

interface Delayed {
  key: string;
  at: number;
}

// setTimeout takes at most a signed 32-bit delay; longer waits re-arm on the way.
const MAX_TIMER_MS = 2 ** 31 - 1;

export class WorkQueue {
  private readonly ready = new Set<string>();
  private readonly active = new Set<string>();
  private readonly again = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly due = new Map<string, number>();
  private readonly heap = new MinHeap<Delayed>((a, b) => a.at < b.at);
  private timer?: NodeJS.Timeout;
  private timerAt = Infinity;
  private resyncTimer?: NodeJS.Timeout;
  private running = false;
  private pumpQueued = false;
  private drained?: () => void;

  constructor(private readonly options: WorkQueueOptions) {}

  /** Keys waiting to run now, keys waiting for a delay, keys being processed. */
  get depth(): { ready: number; delayed: number; active: number } {
    return { ready: this.ready.size, delayed: this.due.size, active: this.active.size };
  }

  add(key: string): void {
    if (this.active.has(key)) this.again.add(key);
    else this.ready.add(key);
    this.pumpSoon();
  }

  /** Queues `key` after `delayMs`; when it is already waiting, the earlier time wins. */
  addAfter(key: string, delayMs: number): void {
    if (delayMs <= 0) return this.add(key);
    const at = Date.now() + delayMs;
    const current = this.due.get(key);
    if (current !== undefined && current <= at) return;
    this.due.set(key, at);
    this.heap.push({ key, at });
    this.arm();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const resync = this.options.resync;
    if (resync) {
      this.resyncTimer = setInterval(() => {
        for (const key of resync.keys()) this.add(key);
      }, resync.intervalMs);
      this.resyncTimer.unref();
    }
    this.arm();
    this.pump();
  }

  /** Stops taking keys and resolves once the ones in flight are done. */
  async stop(): Promise<void> {
    this.running = false;
    clearInterval(this.resyncTimer);
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
    if (this.active.size === 0) return;
    await new Promise<void>((resolve) => (this.drained = resolve));
  }

  /** One timer, set for the earliest live deadline; entries superseded by an earlier time are skipped. */
  private arm(): void {
    let top = this.heap.peek();
    while (top && this.due.get(top.key) !== top.at) {
      this.heap.pop();
      top = this.heap.peek();
    }
    if (!this.running || !top || (this.timer && this.timerAt <= top.at)) return;
    clearTimeout(this.timer);
    this.timerAt = top.at;
    this.timer = setTimeout(() => this.fire(), Math.min(MAX_TIMER_MS, Math.max(0, top.at - Date.now())));
    this.timer.unref();
  }

  private fire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = Date.now();
    for (let top = this.heap.peek(); top && top.at <= now; top = this.heap.peek()) {
      this.heap.pop();
      if (this.due.get(top.key) !== top.at) continue;
      this.due.delete(top.key);
      this.add(top.key);
    }
    this.arm();
  }

  /**
   * Keys start once the event loop has turned: a key queued by a store's change listener is not
   * reconciled inside the write that queued it (one long block when the object is large), and
   * the keys queued meanwhile start together.
   */
  private pumpSoon(): void {
    if (this.pumpQueued) return;
    this.pumpQueued = true;
    setImmediate(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  private pump(): void {
    const concurrency = this.options.concurrency ?? 1;
    while (this.running && this.active.size < concurrency && this.ready.size > 0) {
      const key = this.ready.values().next().value as string;
      this.ready.delete(key);
      this.active.add(key);
      void this.run(key);
    }
  }

  private async run(key: string): Promise<void> {
    try {
      await this.options.process(key);
      this.failures.delete(key);
    } catch (error) {
      const failures = (this.failures.get(key) ?? 0) + 1;
      this.failures.set(key, failures);
      this.options.onError?.(key, error, failures);
      const { baseMs, maxMs } = this.options.backoff ?? { baseMs: 100, maxMs: 60_000 };
      this.addAfter(key, Math.min(maxMs, baseMs * 2 ** (failures - 1)));
    } finally {
      this.active.delete(key);
      if (this.again.delete(key)) this.ready.add(key);
      if (this.running) this.pumpSoon();
      else if (this.active.size === 0) this.drained?.();
    }
  }
}
