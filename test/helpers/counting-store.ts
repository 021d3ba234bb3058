// Real stores that count calls: list calls per kind (the tests of the shared informers show with
// it that each kind is listed once), and token lookups (a made-up token costs none on SQLite).
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

/** A real store that counts its token lookups (findAgentToken), from the wrapping on. */
export function countingTokenReads(store: Store): { store: Store; reads: () => number } {
  let reads = 0;
  const counted = new Proxy(store, {
    get(target, property) {
      if (property === 'findAgentToken') {
        return (hash: string) => {
          reads++;
          return target.findAgentToken(hash);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: counted, reads: () => reads };
}
