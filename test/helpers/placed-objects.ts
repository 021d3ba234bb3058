// Objects of any kind placed on SyncTargets by writing their status.syncTargets as the scheduler
// does (the same entry functions), and the paths of the agents' feed and reports for every kind.
import { entriesOf, reconcileEntries, statusWith } from '../../src/scheduling/status-entries.js';
import { rewriteStatus } from '../../src/store/rewrite-status.js';
import type { TestApp } from './app.js';
import { waitFor } from './wait.js';

const ST = '/apis/workload.kcp.io/v1alpha1/synctargets';
export const OBJECTS_FEED_PATH = (target: string) => `${ST}/${target}/objects`;
/** `resource` as the agent names it: `configmaps`, `statefulsets.apps`. */
export const REPORT_PATH = (target: string, resource: string, ns: string, name: string) =>
  `${ST}/${target}/${resource}/${ns}/${name}/status`;
export const CORE_PATH = (plural: string, ns = 'default') => `/api/v1/namespaces/${ns}/${plural}`;

/** Places the object on exactly `targets` (all taken as Ready), as the scheduler would. */
export async function place(
  app: TestApp, kind: string, name: string, targets: string[], ns = 'default',
): Promise<void> {
  const now = new Date().toISOString();
  const written = await rewriteStatus(app.app.store, { kind, namespace: ns, name }, {
    change: (object) => statusWith(reconcileEntries(entriesOf(object.status), targets, () => true, now), kind),
  });
  if (!written) throw new Error(`${kind} ${ns}/${name} not found`);
}

/** The objects a feed answer carries, as `Kind namespace/name`. */
export const feedObjects = (feed: { items: any[] }): string[] =>
  feed.items.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`);

/** The feed of every kind of `target`, once it lists exactly `objects` (in this order). */
export async function objectsShowing(
  app: TestApp, target: string, objects: string[],
): Promise<{ resourceVersion: string; items: any[] }> {
  let last: string[] = [];
  return waitFor(async () => {
    const reply = await app.call('GET', OBJECTS_FEED_PATH(target));
    if (reply.statusCode !== 200) throw new Error(`feed of ${target}: ${reply.statusCode} ${reply.body}`);
    last = feedObjects(reply.json);
    return JSON.stringify(last) === JSON.stringify(objects) && reply.json;
  }, `the feed of ${target} to serve ${JSON.stringify(objects)} (last seen: ${JSON.stringify(last)})`);
}
