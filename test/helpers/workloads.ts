// Deployments, Placements and agent actions for the workload tests, all through HTTP.
import type { TestApp } from './app.js';
import { waitFor } from './wait.js';

export const DEPLOY_PATH = (ns = 'default') => `/apis/apps/v1/namespaces/${ns}/deployments`;
export const ALL_DEPLOYMENTS = '/apis/apps/v1/deployments';
export const PLACEMENT_PATH = (ns = 'default') => `/apis/scheduling.kcp.io/v1alpha1/namespaces/${ns}/placements`;
export const FEED_PATH = (target: string) => `/apis/workload.kcp.io/v1alpha1/synctargets/${target}/deployments`;
export const STATUS_PATH = (target: string, ns: string, name: string) =>
  `/apis/workload.kcp.io/v1alpha1/synctargets/${target}/deployments/${ns}/${name}/status`;

export function deployment(name: string, labels: Record<string, string> = {}, spec: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name, ...labels } },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image: 'nginx:1.27' }] } },
      ...spec,
    },
  };
}

export function placement(name: string, spec: Record<string, unknown>) {
  return { apiVersion: 'scheduling.kcp.io/v1alpha1', kind: 'Placement', metadata: { name }, spec };
}

export interface Entry {
  name: string;
  state: string;
  [field: string]: unknown;
}

export async function entriesOf(t: TestApp, name: string, ns = 'default'): Promise<Entry[]> {
  const reply = await t.call('GET', `${DEPLOY_PATH(ns)}/${name}`);
  return (reply.json?.status?.syncTargets ?? []) as Entry[];
}

/** The names of the SyncTargets a Deployment is placed on, sorted. */
export async function placedOn(t: TestApp, name: string, ns = 'default'): Promise<string[]> {
  return (await entriesOf(t, name, ns)).map((e) => e.name);
}

/** Waits until the Deployment's placement is exactly `targets` (the scheduler runs asynchronously). */
export async function waitPlaced(t: TestApp, name: string, targets: string[], ns = 'default'): Promise<void> {
  const want = JSON.stringify([...targets].sort());
  let last: string[] = [];
  await waitFor(
    async () => {
      last = await placedOn(t, name, ns);
      return JSON.stringify(last) === want;
    },
    `deployment ${ns}/${name} placed on ${want} (last seen: ${JSON.stringify(last)})`,
  );
}

/** A heartbeat of the target's agent (as the admin): marks it Ready at once. */
export async function heartbeat(t: TestApp, target: string): Promise<void> {
  const reply = await t.call('POST', `/apis/workload.kcp.io/v1alpha1/synctargets/${target}/heartbeat`, {});
  if (reply.statusCode !== 200) throw new Error(`heartbeat of ${target}: ${reply.statusCode} ${reply.body}`);
}

export async function readyStatus(t: TestApp, target: string): Promise<string | undefined> {
  const reply = await t.call('GET', `/apis/workload.kcp.io/v1alpha1/synctargets/${target}`);
  return reply.json?.status?.conditions?.find((c: { type: string }) => c.type === 'Ready')?.status;
}

/** Keeps a target Ready by heartbeating every `everyMs` until the returned stop is called. */
export function keepReady(t: TestApp, target: string, everyMs = 200): () => void {
  const timer = setInterval(() => void heartbeat(t, target).catch(() => undefined), everyMs);
  return () => clearInterval(timer);
}

export async function createOk(t: TestApp, path: string, body: unknown): Promise<any> {
  const reply = await t.call('POST', path, body);
  if (reply.statusCode !== 201) throw new Error(`POST ${path}: ${reply.statusCode} ${reply.body}`);
  return reply.json;
}

/** Waits until the scheduler has nothing queued or in progress (its queue-depth gauge is 0). */
export async function schedulerIdle(t: TestApp): Promise<void> {
  await waitFor(
    async () =>
      /^tmc_scheduler_queue_depth 0$/m.test((await t.call('GET', '/metrics', undefined, { token: null })).body),
    'the scheduler queue to drain',
  );
}

/** The value of a metric without labels, from /metrics. */
export async function metric(t: TestApp, name: string): Promise<number | undefined> {
  const body = (await t.call('GET', '/metrics', undefined, { token: null })).body;
  const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(body);
  return match ? Number(match[1]) : undefined;
}

/** Waits until exactly `count` long polls are held. */
export async function waitersHeld(t: TestApp, count: number): Promise<void> {
  await waitFor(async () => (await metric(t, 'tmc_feed_waiters')) === count, `${count} held long polls`);
}

/** The current feed of a target (answered at once). */
export async function feedNow(t: TestApp, target: string): Promise<{ resourceVersion: string; items: any[] }> {
  const reply = await t.call('GET', FEED_PATH(target));
  if (reply.statusCode !== 200) throw new Error(`feed of ${target}: ${reply.statusCode} ${reply.body}`);
  return reply.json;
}

/** The Deployments a feed answer carries, as `namespace/name`. */
export const feedNames = (feed: { items: any[] }): string[] =>
  feed.items.map((d) => `${d.metadata.namespace}/${d.metadata.name}`);

/**
 * The feed of `target` once it serves exactly these Deployments (`namespace/name`). The feed
 * follows the store's change feed, so it may trail a GET that already shows the placement.
 */
export async function feedShowing(
  t: TestApp,
  target: string,
  deployments: string[],
): Promise<{ resourceVersion: string; items: any[] }> {
  const want = JSON.stringify([...deployments].sort());
  let last: string[] = [];
  return waitFor(
    async () => {
      const feed = await feedNow(t, target);
      last = feedNames(feed).sort();
      return JSON.stringify(last) === want && feed;
    },
    `the feed of ${target} to serve ${want} (last seen: ${JSON.stringify(last)})`,
  );
}
