// Delivers committed changes (or any other store event) to in-process listeners. A listener that
// throws is logged and kept: one broken subscriber must not starve the others or undo a commit.
// Every listener hears the values in the order they were emitted, even when a listener's own write
// emits while a value is still on its way (SQLite writes synchronously, so a listener that writes
// emits from inside emit()): the new value waits until the current one has reached every listener.
// Otherwise listeners after the writer would hear the newer change first, and a watch, which skips
// versions it has passed, would lose the older one.
import type { Change } from './types.js';

export class ChangeFanout<T = Change> {
  private readonly listeners = new Set<(value: T) => void>();
  private readonly waiting: T[] = [];
  private emitting = false;

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  subscribe(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(value: T): void {
    this.waiting.push(value);
    if (this.emitting) return;
    this.emitting = true;
    try {
      // By count, not by the value: some fanouts carry undefined ("anything may have changed").
      while (this.waiting.length > 0) this.deliver(this.waiting.shift() as T);
    } finally {
      this.emitting = false;
    }
  }

  private deliver(value: T): void {
    for (const listener of this.listeners) {
      try {
        listener(value);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}
