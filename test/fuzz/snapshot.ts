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

/** The objects that differ between two snapshots (kind/namespace/name: before -> after), to show in a failure. */
export function difference(before: string, after: string): string {
  const keyed = (text: string) => {
    const { rv, kinds } = JSON.parse(text) as { rv: number; kinds: Record<string, any[]> };
    const objects = new Map<string, string>();
    for (const [kind, items] of Object.entries(kinds)) {
      for (const o of items) objects.set(`${kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, JSON.stringify(o));
    }
    return { rv, objects };
  };
  const a = keyed(before);
  const b = keyed(after);
  const changed = [...new Set([...a.objects.keys(), ...b.objects.keys()])]
    .filter((key) => a.objects.get(key) !== b.objects.get(key))
    .map((key) => `${key}: ${a.objects.get(key)?.slice(0, 400)} -> ${b.objects.get(key)?.slice(0, 400)}`);
  return `store version ${a.rv} -> ${b.rv}; ${changed.join('; ') || 'no object changed'}`;
}
