// A Namespace document in `tmc apply -f`. Namespaces are implicit on the server: any DNS-1123
// label is one, and nothing has to be created first. So a Namespace is never sent; it is
// answered as kubectl would answer: "unchanged" when the namespace already holds objects,
// "created" when it is new (it comes into being with its first object). What tmc cannot keep
// (labels, annotations, a spec) is said in a warning rather than dropped silently.
import type { KubeObject } from '../schemas/meta.js';
import type { ApiClient } from './client.js';
import { KINDS, collectionPath, objectRef } from './kinds.js';
import type { ManifestObject } from './manifest-reader.js';

/** What of a Namespace document tmc does not keep, e.g. ["labels", "spec"]. */
function unkept(object: KubeObject): string[] {
  const { name: _name, namespace: _namespace, ...metadata } = object.metadata;
  const given = Object.entries(metadata).filter(([, value]) => value !== undefined && value !== null);
  const fields = given.map(([key]) => key);
  return object.spec !== undefined ? [...fields, 'spec'] : fields;
}

async function holdsObjects(client: ApiClient, namespace: string): Promise<boolean> {
  for (const info of KINDS.filter((k) => k.namespaced)) {
    const page = await client.call<{ items: unknown[] }>('GET', `${collectionPath(info, namespace)}?limit=1`);
    if (page.items.length > 0) return true;
  }
  return false;
}

export async function applyNamespace(client: ApiClient, item: ManifestObject): Promise<'created' | 'unchanged'> {
  const name = item.object.metadata.name!;
  const dropped = unkept(item.object);
  if (dropped.length > 0) {
    const why = 'namespaces are implicit in tmc, which keeps no Namespace object';
    process.stderr.write(`Warning: ${objectRef(item.info, name)}: ${why}; not kept: ${dropped.join(', ')}\n`);
  }
  return (await holdsObjects(client, name)) ? 'unchanged' : 'created';
}
