// Shared set-up for the Override tests (overrides-*.test.ts): an Override builder, a shop of two targets
// (edge-eu, edge-us) with the Deployment web placed on both, and waits on what their feeds carry.
import { ST_PATH, syncTarget, type TestApp } from '../helpers/app.js';
import { OBJECTS_FEED_PATH, place } from '../helpers/placed-objects.js';
import { waitFor } from '../helpers/wait.js';
import { DEPLOY_PATH, createOk, deployment, entriesOf, heartbeat, schedulerIdle } from '../helpers/workloads.js';

export const OVERRIDES = '/apis/scheduling.kcp.io/v1alpha1/namespaces/default/overrides';
export const KUBECTL_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
export const WEB = { apiVersion: 'apps/v1', kind: 'Deployment', names: ['web'] };
export const override = (
  name: string,
  changes: unknown[],
  targetSelector: unknown = { matchLabels: { region: 'eu' } },
  resourceSelectors: unknown[] = [WEB],
) => ({
  apiVersion: 'scheduling.kcp.io/v1alpha1',
  kind: 'Override',
  metadata: { name },
  spec: { resourceSelectors, targetSelector, changes },
});

export async function shop(app: TestApp): Promise<void> {
  await createOk(app, ST_PATH, syncTarget('edge-eu', { region: 'eu' }));
  await createOk(app, ST_PATH, syncTarget('edge-us', { region: 'us' }));
  for (const name of ['edge-eu', 'edge-us']) await heartbeat(app, name);
  await createOk(app, DEPLOY_PATH(), deployment('web', {}, { replicas: 2 }));
  await place(app, 'Deployment', 'web', ['edge-eu', 'edge-us']);
  await schedulerIdle(app);
}

/** The Deployment web as the feed of `target` carries it, once `ok` holds of it. */
export async function webOn(app: TestApp, target: string, ok: (web: any) => boolean, what: string): Promise<any> {
  let last: unknown;
  return waitFor(
    async () => {
      const reply = await app.call('GET', OBJECTS_FEED_PATH(target));
      const web = reply.json.items.find((i: any) => i.metadata.name === 'web');
      last = web?.spec;
      return web && ok(web) && { ...web, resourceVersion: reply.json.resourceVersion };
    },
    `${what} (last seen: ${JSON.stringify(last)})`,
  );
}
export const image = (web: any): string => web.spec.template.spec.containers[0].image;

export async function overridesOn(app: TestApp, want: Record<string, string[] | undefined>): Promise<void> {
  let last: unknown;
  await waitFor(
    async () => {
      const entries = await entriesOf(app, 'web');
      last = Object.fromEntries(entries.map((e) => [e.name, e.overrides]));
      return JSON.stringify(last) === JSON.stringify(want);
    },
    `the status entries of web to name ${JSON.stringify(want)} (last seen: ${JSON.stringify(last)})`,
  );
}
