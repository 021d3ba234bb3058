// Objects of any kind placed on SyncTargets through a Placement of their own that selects them by
// name, and the paths of the agents' feed and reports for every kind.
import { placedTargets } from '../../src/scheduling/status-entries.js';
import { kindEntry } from '../../src/schemas/kinds.js';
import type { TestApp } from './app.js';
import { waitFor } from './wait.js';
import { PLACEMENT_PATH, placement } from './workloads.js';

const ST = '/apis/workload.kcp.io/v1alpha1/synctargets';
export const OBJECTS_FEED_PATH = (target: string) => `${ST}/${target}/objects`;
/** `resource` as the agent names it: `configmaps`, `statefulsets.apps`. */
export const REPORT_PATH = (target: string, resource: string, ns: string, name: string) =>
  `${ST}/${target}/${resource}/${ns}/${name}/status`;
export const CORE_PATH = (plural: string, ns = 'default') => `/api/v1/namespaces/${ns}/${plural}`;

/** Places the object on exactly `targets` by name (none: its Placement is deleted), once the scheduler has. */
export async function place(
  app: TestApp,
  kind: string,
  name: string,
  targets: string[],
  ns = 'default',
): Promise<void> {
  const entry = kindEntry(kind);
  if (!entry) throw new Error(`no kind ${kind}`);
  const apiVersion = entry.group ? `${entry.group}/${entry.version}` : entry.version;
  const own = `${PLACEMENT_PATH(ns)}/place-${kind.toLowerCase()}-${name}`;
  const exists = (await app.call('GET', own)).statusCode === 200;
  const spec = { resourceSelectors: [{ apiVersion, kind, names: [name] }], syncTargetNames: targets };
  const reply =
    targets.length === 0
      ? await app.call('DELETE', own)
      : exists
        ? await app.call('PATCH', own, { spec }, { contentType: 'application/merge-patch+json' })
        : await app.call('POST', PLACEMENT_PATH(ns), placement(`place-${kind.toLowerCase()}-${name}`, spec));
  if (reply.statusCode >= 300 && !(targets.length === 0 && reply.statusCode === 404)) {
    throw new Error(`placing ${kind} ${ns}/${name}: ${reply.statusCode} ${reply.body}`);
  }
  const path = `${entry.group ? `/apis/${apiVersion}` : '/api/v1'}/namespaces/${ns}/${entry.plural}/${name}`;
  const want = JSON.stringify([...targets].sort());
  let last: string[] = [];
  await waitFor(
    async () => {
      last = [...placedTargets((await app.call('GET', path)).json?.status)].sort();
      return JSON.stringify(last) === want;
    },
    `${kind} ${ns}/${name} to be placed on ${want} (last seen: ${JSON.stringify(last)})`,
  );
  if (targets.length === 0) return;
  // The Placement's status is written after the object's: a test that snapshots the store next
  // must not see it land meanwhile.
  await waitFor(async () => {
    const status = (await app.call('GET', own)).json?.status;
    const scheduled = status?.conditions?.find((c: { type: string }) => c.type === 'Scheduled');
    return /^[1-9]/.test(scheduled?.message ?? '');
  }, `the Placement of ${kind} ${ns}/${name} to count it`);
}

/** The objects a feed answer carries, as `Kind namespace/name`. */
export const feedObjects = (feed: { items: any[] }): string[] =>
  feed.items.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`);

/** The feed of every kind of `target`, once it lists exactly `objects` (in this order). */
export async function objectsShowing(
  app: TestApp,
  target: string,
  objects: string[],
): Promise<{ resourceVersion: string; items: any[] }> {
  let last: string[] = [];
  return waitFor(
    async () => {
      const reply = await app.call('GET', OBJECTS_FEED_PATH(target));
      if (reply.statusCode !== 200) throw new Error(`feed of ${target}: ${reply.statusCode} ${reply.body}`);
      last = feedObjects(reply.json);
      return JSON.stringify(last) === JSON.stringify(objects) && reply.json;
    },
    `the feed of ${target} to serve ${JSON.stringify(objects)} (last seen: ${JSON.stringify(last)})`,
  );
}
