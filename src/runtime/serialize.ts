// Runs async work one at a time per key within this process. Agents' reports on one Deployment
// would otherwise all read the same version and all but one fail their conditional write.
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

  constructor(private readonly flush: (key: string, items: I[]) => Promise<(O | Error)[]>) {}

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
      for (;;) {
        // Back to the event loop first: requests that came in meanwhile join this batch, and a
        // synchronous store (SQLite) does not chain write after write in one long microtask run.
        await new Promise((resolve) => setImmediate(resolve));
        const batch = this.waiting.get(key);
        if (!batch) break;
        this.waiting.delete(key);
        try {
          const results = await this.flush(
            key,
            batch.map((q) => q.item),
          );
          for (const [i, q] of batch.entries()) {
            if (results[i] instanceof Error) q.reject(results[i]);
            else q.resolve(results[i] as O);
          }
        } catch (error) {
          for (const q of batch) q.reject(error);
        }
      }
    } finally {
      this.busy.delete(key);
    }
  }
}
