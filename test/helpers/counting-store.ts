// A real store that counts its list calls per kind: the tests of the shared informers show
// with it that each kind is listed once, however many indexes and controllers read it.
import type { Store } from '../../src/store/types.js';

export interface CountingStore {
  store: Store;
  /** How many times each kind was listed, from the wrapping on. */
  lists: Record<string, number>;
}

export function countingLists(store: Store): CountingStore {
  const lists: Record<string, number> = {};
  const counted = new Proxy(store, {
    get(target, property) {
      if (property === 'list') {
        return (kind: string, ...rest: unknown[]) => {
          lists[kind] = (lists[kind] ?? 0) + 1;
          return (target.list as (...args: unknown[]) => unknown).call(target, kind, ...rest);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: counted, lists };
}
