// Counts pending timers (set, neither fired nor cleared) by wrapping the global timer functions
// for one test, to show that a component keeps one timer however much it schedules.
import type { Test } from 'tap';

export function timerCounter(t: Test): () => number {
  const live = new Set<unknown>();
  const { setTimeout: set, clearTimeout: clear } = globalThis;
  globalThis.setTimeout = ((fn: () => void, ms?: number) => {
    const handle = set(() => {
      live.delete(handle);
      fn();
    }, ms);
    live.add(handle);
    return handle;
  }) as typeof setTimeout;
  globalThis.clearTimeout = ((handle: NodeJS.Timeout | undefined) => {
    live.delete(handle);
    clear(handle);
  }) as typeof clearTimeout;
  t.teardown(() => {
    globalThis.setTimeout = set;
    globalThis.clearTimeout = clear;
  });
  return () => live.size;
}
