// The agents' feed carries every kind placed on a target, in apply order, with the fields of
// each kind (as the route's serializer writes them): a Secret's data only to the targets it is
// placed on. Unplacing and editing move the target's feed version; Deployment-only agents from
// before other kinds keep their feed of Deployments.
import t from 'tap';
import { ST_PATH, syncTarget, testApp, type TestApp } from '../helpers/app.js';
import { CORE_PATH, OBJECTS_FEED_PATH, objectsShowing, place } from '../helpers/placed-objects.js';
import { forEachStore } from '../helpers/stores.js';
import { FEED_PATH, createOk, heartbeat, waitersHeld } from '../helpers/workloads.js';

const SECRET_VALUE = 'hunter2-only-for-edge-1';
const base64 = (text: string) => Buffer.from(text).toString('base64');
const meta = (name: string) => ({ name, labels: { app: 'shop' }, annotations: { note: 'kept' } });

const configMap = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: meta('cfg'),
  data: { mode: 'fast' },
  binaryData: { blob: base64('\u0001') },
  immutable: false,
};
const secret = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: meta('creds'),
  type: 'Opaque',
  stringData: { password: SECRET_VALUE },
};
const service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: meta('web'),
  spec: { selector: { app: 'shop' }, ports: [{ port: 80, targetPort: 8080 }] },
};
const itemMeta = (name: string) => ({
  name,
  namespace: 'default',
  labels: { app: 'shop' },
  annotations: { note: 'kept' },
  generation: 1,
});
const heldFeed = (target: string, version: string, seconds = 60) =>
  `${OBJECTS_FEED_PATH(target)}?resourceVersion=${version}&timeoutSeconds=${seconds}`;
const role = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'Role',
  metadata: meta('read'),
  rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
};
const ROLES = '/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles';

async function shop(app: TestApp): Promise<void> {
  for (const name of ['edge-1', 'edge-2']) {
    await createOk(app, ST_PATH, syncTarget(name));
    await heartbeat(app, name);
  }
  // Created in the opposite of the apply order: the feed orders them, not their creation.
  await createOk(app, ROLES, role);
  await createOk(app, CORE_PATH('services'), service);
  await createOk(app, CORE_PATH('secrets'), secret);
  await createOk(app, CORE_PATH('configmaps'), configMap);
}

forEachStore(t, (t) => {
  t.test('the objects placed on a target, of every kind, in apply order with their fields', async (t) => {
    const app = await testApp(t);
    await shop(app);
    await place(app, 'Role', 'read', ['edge-1']);
    await place(app, 'Service', 'web', ['edge-1', 'edge-2']);
    await place(app, 'Secret', 'creds', ['edge-1']);
    await place(app, 'ConfigMap', 'cfg', ['edge-1', 'edge-2']);

    const inOrder = ['ConfigMap default/cfg', 'Secret default/creds', 'Service default/web', 'Role default/read'];
    const one = await objectsShowing(app, 'edge-1', inOrder);
    const [cm, sec, svc, rl] = one.items;
    t.same(
      cm,
      { ...configMap, metadata: itemMeta('cfg') },
      'the ConfigMap with data, binaryData, immutable; no status',
    );
    const opened = { password: base64(SECRET_VALUE) };
    t.same(
      sec,
      { apiVersion: 'v1', kind: 'Secret', metadata: itemMeta('creds'), type: 'Opaque', data: opened },
      'the Secret opened, stringData folded into data',
    );
    t.same(svc, { ...service, metadata: itemMeta('web') });
    t.same(rl, { ...role, metadata: itemMeta('read') }, 'a Role with its rules');

    const two = await objectsShowing(app, 'edge-2', ['ConfigMap default/cfg', 'Service default/web']);
    const edge2 = (await app.call('GET', OBJECTS_FEED_PATH('edge-2'))).body;
    t.notOk(
      edge2.includes(base64(SECRET_VALUE)) || edge2.includes(SECRET_VALUE),
      "the Secret is not in another target's feed",
    );
    t.equal(two.items.length, 2);

    const legacy = await app.call('GET', FEED_PATH('edge-1'));
    t.equal(legacy.statusCode, 200);
    t.same(legacy.json.items, [], 'the feed of agents from before other kinds keeps to Deployments');
  });

  t.test('unplacing or editing an object moves the feed version and wakes the held long poll', async (t) => {
    const app = await testApp(t);
    await shop(app);
    await place(app, 'ConfigMap', 'cfg', ['edge-1']);
    await place(app, 'Secret', 'creds', ['edge-1']);
    const first = await objectsShowing(app, 'edge-1', ['ConfigMap default/cfg', 'Secret default/creds']);

    const held = app.call('GET', heldFeed('edge-1', first.resourceVersion));
    await waitersHeld(app, 1);
    await place(app, 'Secret', 'creds', []);
    const answer = await held;
    t.equal(answer.statusCode, 200, 'the held request answers');
    t.ok(Number(answer.json.resourceVersion) > Number(first.resourceVersion), 'with a newer version');
    t.same(
      answer.json.items.map((o: any) => o.kind),
      ['ConfigMap'],
      'the Secret is gone',
    );

    const edited = app.call('GET', heldFeed('edge-1', answer.json.resourceVersion));
    await waitersHeld(app, 1);
    const current = (await app.call('GET', `${CORE_PATH('configmaps')}/cfg`)).json;
    const put = await app.call('PUT', `${CORE_PATH('configmaps')}/cfg`, { ...current, data: { mode: 'safe' } });
    t.equal(put.statusCode, 200);
    const next = await edited;
    t.ok(Number(next.json.resourceVersion) > Number(answer.json.resourceVersion));
    t.same(next.json.items[0].data, { mode: 'safe' }, 'the new data');

    const quiet = await app.call('GET', heldFeed('edge-2', next.json.resourceVersion, 0));
    t.equal(quiet.statusCode, 304, "another target's feed did not move");
  });
});
