// What the server keeps per target shares V8's hidden classes: every SyncTarget's status and
// conditions, every entry of an object placed on all of them, after heartbeats and reports. On
// Node 20 an object literal that spreads another and adds a property got a class of its own each
// time, and every pass over a fleet's objects then took V8's slow path (lib/plain-objects.ts).
// The check needs V8's natives syntax, switched on for this process only.
import { setFlagsFromString } from 'node:v8';
import t from 'tap';
import type { KubeObject } from '../../src/schemas/meta.js';
import { ST_PATH, testApp } from '../helpers/app.js';
import { eventually, heartbeat, targetWithToken } from '../helpers/agents.js';

setFlagsFromString('--allow-natives-syntax');
const sameClass = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
const TARGETS = 60;

/** The objects found at each path of the trees (array items by position, the third on as one). */
function objectsByPath(roots: readonly unknown[], prefix: string): Map<string, object[]> {
  const paths = new Map<string, object[]>();
  const walk = (value: unknown, path: string) => {
    if (typeof value !== 'object' || value === null) return;
    if (!Array.isArray(value)) paths.set(path, [...(paths.get(path) ?? []), value]);
    const children = Array.isArray(value) ? value.map((v, i) => [`[${Math.min(i, 2)}]`, v]) : Object.entries(value);
    for (const [key, child] of children) walk(child, Array.isArray(value) ? `${path}${key}` : `${path}.${key}`);
  };
  for (const root of roots) walk(root, prefix);
  return paths;
}

const classCount = (objects: readonly object[]): number =>
  objects.reduce<object[]>((seen, o) => (seen.some((s) => sameClass(s, o)) ? seen : [...seen, o]), []).length;

t.test('a fleet’s SyncTargets and entries share their hidden classes', async (t) => {
  const api = await testApp(t);
  const names = Array.from({ length: TARGETS }, (_, i) => `shape-${i}`);
  const tokens = new Map<string, string>();
  for (const name of names) tokens.set(name, await targetWithToken(api, name));
  const beat = { syncerVersion: 'v0.1.0', kubernetesVersion: 'v1.33.0', capacity: { cpu: '8' } };
  for (const name of names) t.equal((await heartbeat(api, name, tokens.get(name)!, beat)).statusCode, 200);
  const placement = { metadata: { name: 'all' }, spec: { syncTargetNames: names } };
  t.equal(
    (await api.call('POST', '/apis/scheduling.kcp.io/v1alpha1/namespaces/default/placements', placement)).statusCode,
    201,
  );
  const deployment = {
    metadata: { name: 'web' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    },
  };
  const url = '/apis/apps/v1/namespaces/default/deployments/web';
  t.equal((await api.call('POST', '/apis/apps/v1/namespaces/default/deployments', deployment)).statusCode, 201);
  await eventually(async () => {
    const reply = await api.call('GET', url);
    return reply.json.status?.syncTargets?.length === TARGETS || undefined;
  }, 'the Deployment placed on every target');
  const report = { observedGeneration: 1, state: 'Applied', status: { replicas: 1, readyReplicas: 1 } };
  for (const name of names) {
    const path = `${ST_PATH}/${name}/deployments/default/web/status`;
    t.ok([200, 204].includes((await api.call('PUT', path, report, { token: tokens.get(name)! })).statusCode));
  }
  await eventually(async () => {
    const reply = await api.call('GET', url);
    return reply.json.status?.readyReplicas === TARGETS || undefined;
  }, 'every report taken');
  const cached = (kind: string) => [...api.app.informers.informer(kind).list()] as KubeObject[];
  const paths = new Map([
    ...objectsByPath(cached('SyncTarget'), 'SyncTarget'),
    ...objectsByPath(cached('Deployment'), 'Deployment'),
  ]);
  const kept = ['SyncTarget.status', 'SyncTarget.status.conditions[0]', 'Deployment.status.syncTargets[2]'];
  for (const path of kept) t.ok((paths.get(path)?.length ?? 0) >= TARGETS - 2, `${path} is there to check`);
  for (const [path, objects] of paths) t.equal(classCount(objects), 1, `${path}: ${objects.length} objects`);
});
