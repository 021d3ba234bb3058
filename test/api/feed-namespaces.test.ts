// The agents' feed names each namespace of a target's objects with the labels and annotations of its
// Namespace (but kubectl's last-applied copy), which the agent applies downstream; new labels or
// annotations wake the feeds of the targets holding objects in that namespace, and only those.
import t from 'tap';
import { ST_PATH, syncTarget, testApp, type TestApp } from '../helpers/app.js';
import { CORE_PATH, OBJECTS_FEED_PATH, objectsShowing, place } from '../helpers/placed-objects.js';
import { forEachStore } from '../helpers/stores.js';
import { FEED_PATH, createOk, waitersHeld } from '../helpers/workloads.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const SHOP_LABELS = { 'pod-security.kubernetes.io/enforce': 'restricted', team: 'shop' };
const configMap = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1' } });
const MERGE = { contentType: 'application/merge-patch+json' };

/** Targets a (objects in shop and plain) and b (in plain only). */
async function world(t: Parameters<typeof testApp>[0]): Promise<TestApp> {
  const app = await testApp(t);
  await createOk(app, ST_PATH, syncTarget('a'));
  await createOk(app, ST_PATH, syncTarget('b'));
  await createOk(app, '/api/v1/namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: 'shop',
      labels: SHOP_LABELS,
      annotations: { 'linkerd.io/inject': 'enabled', [LAST_APPLIED]: '{}' },
    },
  });
  await createOk(app, CORE_PATH('configmaps', 'shop'), configMap('cfg'));
  // Its Namespace is made by this first object in it: a name and nothing else.
  await createOk(app, CORE_PATH('configmaps', 'plain'), configMap('cfg'));
  await place(app, 'ConfigMap', 'cfg', ['a'], 'shop');
  await place(app, 'ConfigMap', 'cfg', ['a', 'b'], 'plain');
  return app;
}

const held = (app: TestApp, target: string, rv: string, timeoutSeconds: number) =>
  app.call('GET', `${OBJECTS_FEED_PATH(target)}?resourceVersion=${rv}&timeoutSeconds=${timeoutSeconds}`);

forEachStore(t, (t) => {
  t.test('the feed lists the namespaces of its objects with their labels and annotations', async (t) => {
    const app = await world(t);
    const a = await objectsShowing(app, 'a', ['ConfigMap plain/cfg', 'ConfigMap shop/cfg']);
    t.same((a as { namespaces?: unknown }).namespaces, [
      { name: 'plain' },
      { name: 'shop', labels: SHOP_LABELS, annotations: { 'linkerd.io/inject': 'enabled' } },
    ]);
    const b = await objectsShowing(app, 'b', ['ConfigMap plain/cfg']);
    t.same((b as { namespaces?: unknown }).namespaces, [{ name: 'plain' }], 'only the namespaces of its own objects');
    const deploymentsOnly = await app.call('GET', FEED_PATH('a'));
    t.equal(deploymentsOnly.json.namespaces, undefined, 'not in the Deployments feed of agents before other kinds');
  });

  t.test("a namespace's new labels wake the feeds with objects in it, and no other", async (t) => {
    const app = await world(t);
    const a = await objectsShowing(app, 'a', ['ConfigMap plain/cfg', 'ConfigMap shop/cfg']);
    const b = await objectsShowing(app, 'b', ['ConfigMap plain/cfg']);
    const heldA = held(app, 'a', a.resourceVersion, 60);
    const heldB = held(app, 'b', b.resourceVersion, 2);
    await waitersHeld(app, 2);
    const labels = { team: null, 'pod-security.kubernetes.io/enforce': 'baseline' };
    const patched = await app.call('PATCH', '/api/v1/namespaces/shop', { metadata: { labels } }, MERGE);
    t.equal(patched.statusCode, 200, patched.body);
    const woken = await heldA;
    t.equal(woken.statusCode, 200, woken.body);
    t.ok(Number(woken.json.resourceVersion) > Number(a.resourceVersion), 'a new feed version');
    t.same(woken.json.namespaces[1], {
      name: 'shop',
      labels: { 'pod-security.kubernetes.io/enforce': 'baseline' },
      annotations: { 'linkerd.io/inject': 'enabled' },
    });
    t.equal((await heldB).statusCode, 304, 'b has no object in shop: its feed did not change');
  });

  t.test("kubectl's last-applied copy changing alone wakes no feed", async (t) => {
    const app = await world(t);
    const a = await objectsShowing(app, 'a', ['ConfigMap plain/cfg', 'ConfigMap shop/cfg']);
    const heldA = held(app, 'a', a.resourceVersion, 2);
    await waitersHeld(app, 1);
    const annotations = { [LAST_APPLIED]: '{"changed":true}' };
    const patched = await app.call('PATCH', '/api/v1/namespaces/shop', { metadata: { annotations } }, MERGE);
    t.equal(patched.statusCode, 200, patched.body);
    t.equal((await heldA).statusCode, 304);
  });
});
