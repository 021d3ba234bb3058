// The store as a refused request must leave it: every kind's objects, each with its
// resourceVersion, and the store's own version (which any write advances).
import type { FastifyInstance } from 'fastify';
import { ACCESS_KINDS } from '../../src/schemas/access.js';
import { KINDS } from '../../src/schemas/kinds.js';

const EVERY_KIND = [...KINDS.map((k) => k.kind), ...ACCESS_KINDS];

export async function snapshot(app: FastifyInstance): Promise<string> {
  const rv = await app.store.currentResourceVersion();
  const lists = await Promise.all(EVERY_KIND.map((kind) => app.store.list(kind)));
  return JSON.stringify({ rv, kinds: Object.fromEntries(EVERY_KIND.map((kind, i) => [kind, lists[i].items])) });
}

/** The first difference between two snapshots, to show in a failure. */
export function difference(before: string, after: string): string {
  let i = 0;
  while (i < before.length && before[i] === after[i]) i++;
  return `…${before.slice(Math.max(0, i - 120), i + 120)}… became …${after.slice(Math.max(0, i - 120), i + 120)}…`;
}
