// Delivers committed changes (or any other store event) to in-process listeners. A listener that
// throws is logged and kept: one broken subscriber must not starve the others or undo a commit.
import type { Change } from './types.js';

export class ChangeFanout<T = Change> {
  private readonly listeners = new Set<(value: T) => void>();

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  subscribe(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(value: T): void {
    for (const listener of this.listeners) {
      try {
        listener(value);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}
