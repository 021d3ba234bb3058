// Runs async work one at a time per key within this process. Agents' reports on one Deployment
// would otherwise all read the same version and all but one fail their conditional write.
/** The longest a batch waits after the one before: reports are answered within about a second. */
const MAX_PAUSE_MS = 1000;
/** How many of a batch's items are answered per turn of the event loop. */
const ANSWER_SLICE = 64;

interface Queued<I, O> {
  item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

/**
 * One at a time per key; the items that arrive while a key is busy are
 * handed over together in one call: when a change reaches thousands of agents, their reports on
 * one object become a few writes of its status, not one rewrite of every entry per report.
 * `flush` answers each item with its result or its own Error; a throw fails the whole batch.
 */
export class KeyedBatcher<I, O> {
  private readonly waiting = new Map<string, Queued<I, O>[]>();
  private readonly busy = new Set<string>();

  constructor(
    private readonly flush: (key: string, items: I[]) => Promise<(O | Error)[]>,
    /** Before each flush, what to wait for first, if anything (work that goes first). */
    private readonly before: () => Promise<void> | undefined = () => undefined,
    /** At most this many items a flush: the rest wait for the next one, so no flush holds the event loop long. */
    private readonly maxBatch = Number.POSITIVE_INFINITY,
  ) {}

  run(key: string, item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      const queue = this.waiting.get(key);
      if (queue) queue.push({ item, resolve, reject });
      else this.waiting.set(key, [{ item, resolve, reject }]);
      if (!this.busy.has(key)) void this.drain(key);
    });
  }

  private async drain(key: string): Promise<void> {
    this.busy.add(key);
    try {
      for (let pause = 0; ; ) {
        // Back to the event loop first: requests that came in meanwhile join this batch, and a
        // synchronous store (SQLite) does not chain write after write in one long microtask run.
        // After a flush, as long again as it took: a key whose every flush costs much (an
        // object placed on thousands of targets) takes at most about half of the time, and the
        // reports that arrive meanwhile make fewer, larger batches.
        await new Promise((resolve) => (pause > 0 ? setTimeout(resolve, pause) : setImmediate(resolve)));
        await this.before();
        const queued = this.waiting.get(key);
        if (!queued) break;
        const batch = queued.length > this.maxBatch ? queued.splice(0, this.maxBatch) : queued;
        if (batch === queued) this.waiting.delete(key);
        const started = performance.now();
        let settle: (q: Queued<I, O>, i: number) => void;
        try {
          const results = await this.flush(
            key,
            batch.map((q) => q.item),
          );
          settle = (q, i) => (results[i] instanceof Error ? q.reject(results[i]) : q.resolve(results[i] as O));
        } catch (error) {
          settle = (q) => q.reject(error);
        }
        // A full batch waiting already needs no time to gather: only a turn of the event loop.
        const gathered = (this.waiting.get(key)?.length ?? 0) >= this.maxBatch;
        pause = gathered ? 0 : Math.min(MAX_PAUSE_MS, Math.floor(performance.now() - started));
        // Each answer is a response written: thousands of them are written a slice per turn.
        for (let i = 0; i < batch.length; i++) {
          if (i > 0 && i % ANSWER_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
          settle(batch[i]!, i);
        }
      }
    } finally {
      this.busy.delete(key);
    }
  }
}
