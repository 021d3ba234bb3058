// Delivers committed changes to in-process listeners. A listener that throws is logged and
// kept: one broken subscriber must not starve the others or undo a committed write.
import type { Change, ChangeListener } from './types.js';

export class ChangeFanout {
  private readonly listeners = new Set<ChangeListener>();

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(change: Change): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}
