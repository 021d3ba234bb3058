// Namespaces as kube-apiserver serves them: the system ones from the start, one made by the
// first object created in it (auto-provisioning) or explicitly, and deleting one marks it
// Terminating, refuses new content, deletes what it holds (custom resources too), then goes.
import { randomUUID } from 'node:crypto';
import t from 'tap';
import { type TestApp, testApp } from '../helpers/app.js';
import { forEachStore } from '../helpers/stores.js';
import { createOk } from '../helpers/workloads.js';
import { bind, createUser } from '../helpers/users.js';
import { waitFor } from '../helpers/wait.js';
import { CRD_PATH, widget, widgetCrd } from './custom-resources-setup.js';

const NS = '/api/v1/namespaces';
const configMap = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: 'b' } });
const names = async (app: TestApp): Promise<string[]> =>
  (await app.call('GET', NS)).json.items.map((n: { metadata: { name: string } }) => n.metadata.name);

async function gone(app: TestApp, path: string): Promise<void> {
  await waitFor(async () => (await app.call('GET', path)).statusCode === 404, `${path} to be deleted`);
}

forEachStore(t, (t) => {
  t.test('the system namespaces exist, and the first object in a namespace makes it', async (t) => {
    const app = await testApp(t);
    await waitFor(async () => (await names(app)).length === 4, 'the system namespaces');
    t.same(await names(app), ['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    const dry = await app.call('POST', `${NS}/shop/configmaps?dryRun=All`, configMap('env'));
    t.equal(dry.statusCode, 201);
    t.equal((await app.call('GET', `${NS}/shop`)).statusCode, 404, 'a dry run makes no namespace');
    await createOk(app, `${NS}/shop/configmaps`, configMap('env'));
    const shop = await app.call('GET', `${NS}/shop`);
    t.equal(shop.statusCode, 200);
    t.same(shop.json.spec, { finalizers: ['kubernetes'] });
    t.same(shop.json.status, { phase: 'Active' });
    t.ok(shop.json.metadata.uid && shop.json.metadata.creationTimestamp, 'an object like any other');
    t.same(shop.json.metadata.labels, { 'kubernetes.io/metadata.name': 'shop' }, "kube-apiserver's name label");
    // Server-side apply creates into a new namespace too.
    const applied = await app.call('PATCH', `${NS}/web/configmaps/env?fieldManager=t`, configMap('env'), {
      contentType: 'application/apply-patch+yaml',
    });
    t.equal(applied.statusCode, 201, applied.body);
    t.equal((await app.call('GET', `${NS}/web`)).statusCode, 200);
  });

  t.test('a Namespace is created, labelled and refused as kube-apiserver does', async (t) => {
    const app = await testApp(t);
    const created = await createOk(app, NS, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'a', labels: { x: 'y', 'kubernetes.io/metadata.name': 'not-a' } },
    });
    t.same(created.metadata.labels, { x: 'y', 'kubernetes.io/metadata.name': 'a' }, 'the name label is the name');
    const relabelled = await app.call('PATCH', `${NS}/a`, {
      metadata: { labels: { 'kubernetes.io/metadata.name': null } },
    });
    t.equal(relabelled.statusCode, 200, relabelled.body);
    t.same(relabelled.json.metadata.labels, created.metadata.labels, 'and stays the name whatever a write says');
    t.same(created.status, { phase: 'Active' });
    t.same(created.spec, { finalizers: ['kubernetes'] });
    const again = await app.call('POST', NS, { metadata: { name: 'a' } });
    t.equal(again.statusCode, 409);
    const dotted = await app.call('POST', NS, { metadata: { name: 'a.b' } });
    t.equal(dotted.statusCode, 422, 'a name is a DNS-1123 label: no dots');
    t.match(dotted.json.message, /a lowercase RFC 1123 label/);
    const marked = await app.call('POST', NS, { metadata: { name: 'c', deletionTimestamp: '2026-01-01T00:00:00Z' } });
    t.equal(marked.statusCode, 201);
    t.notOk(marked.json.metadata.deletionTimestamp, 'a client cannot mark an object for deletion');
    const collection = await app.call('DELETE', NS);
    t.equal(collection.statusCode, 405, 'no deletecollection, as in Kubernetes: MethodNotAllowed');
    t.equal((await app.call('GET', `${NS}/a`)).statusCode, 200);
    for (const name of ['default', 'kube-system', 'kube-public']) {
      await waitFor(async () => (await app.call('GET', `${NS}/${name}`)).statusCode === 200, name);
      const refused = await app.call('DELETE', `${NS}/${name}`);
      t.equal(refused.statusCode, 403, name);
      t.equal(refused.json.message, `namespaces "${name}" is forbidden: this namespace may not be deleted`);
      t.notOk((await app.call('GET', `${NS}/${name}`)).json.metadata.deletionTimestamp, 'and stays as it was');
    }
  });

  t.test('deleting a namespace deletes everything in it, then the namespace', async (t) => {
    const app = await testApp(t);
    await createOk(app, `${NS}/shop/configmaps`, configMap('env'));
    await createOk(app, `${NS}/shop/secrets`, { metadata: { name: 's' }, stringData: { k: 'v' } });
    await createOk(app, `${NS}/other/configmaps`, configMap('env'));
    const crd = await app.call('POST', CRD_PATH, widgetCrd());
    t.equal(crd.statusCode, 201, crd.body);
    const widgetPath = '/apis/example.com/v1/namespaces/shop/widgets';
    await waitFor(async () => (await app.call('GET', widgetPath)).statusCode === 200, 'the custom kind to be served');
    await createOk(app, widgetPath, widget('w'));

    const deleted = await app.call('DELETE', `${NS}/shop`);
    t.equal(deleted.statusCode, 200);
    t.equal(deleted.json.status.phase, 'Terminating');
    t.ok(deleted.json.metadata.deletionTimestamp);
    await gone(app, `${NS}/shop`);
    t.equal((await app.call('GET', `${NS}/shop/configmaps/env`)).statusCode, 404);
    t.equal((await app.call('GET', `${NS}/shop/secrets/s`)).statusCode, 404);
    t.equal((await app.call('GET', `${widgetPath}/w`)).statusCode, 404, 'custom resources too');
    t.equal((await app.call('GET', `${NS}/other/configmaps/env`)).statusCode, 200, 'other namespaces are left');
    // Created again by the next object put there, empty.
    await createOk(app, `${NS}/shop/configmaps`, configMap('new'));
    t.same((await app.call('GET', `${NS}/shop/configmaps`)).json.items.length, 1);
  });

  t.test('nothing new goes into a Terminating namespace', async (t) => {
    // No leader: nothing empties the namespace, so it stays Terminating.
    const app = await testApp(t, {}, { leader: neverLeader });
    await createOk(app, `${NS}/shop/configmaps`, configMap('env'));
    t.equal((await app.call('DELETE', `${NS}/shop`)).statusCode, 200);
    const second = await app.call('DELETE', `${NS}/shop`);
    t.equal(second.statusCode, 409, 'a second delete while it is being emptied');
    t.match(second.json.message, /ensuring all content is removed from this namespace/);
    const refused = await app.call('POST', `${NS}/shop/configmaps`, configMap('more'));
    t.equal(refused.statusCode, 403);
    t.equal(refused.json.reason, 'Forbidden');
    t.equal(
      refused.json.message,
      'configmaps "more" is forbidden: unable to create new content in namespace shop because it is being terminated',
    );
    const update = await app.call('PATCH', `${NS}/shop/configmaps/env`, { data: { a: 'c' } }, mergePatch);
    t.equal(update.statusCode, 200, 'what is there may still change');
    t.equal((await app.call('GET', `${NS}/shop`)).json.metadata.deletionTimestamp !== undefined, true);
  });

  t.test(
    'a store from before gets a Namespace per namespace in use and the name label on each; a refused create makes none',
    async (t) => {
      const dataDir = t.testdir();
      const follower = await testApp(t, { dataDir }, { leader: neverLeader });
      const metadata = {
        name: 'env',
        namespace: 'legacy',
        uid: randomUUID(),
        creationTimestamp: '2026-01-01T00:00:00Z',
      };
      await follower.app.store.create({ ...configMap('env'), metadata });
      const unlabelled = { name: 'old', uid: randomUUID(), creationTimestamp: '2026-01-01T00:00:00Z' };
      await follower.app.store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: unlabelled });
      const taken = await follower.call('POST', `${NS}/legacy/configmaps`, configMap('env'));
      t.equal(taken.statusCode, 409);
      t.equal((await follower.call('GET', `${NS}/legacy`)).statusCode, 404, 'a refused create makes no namespace');
      await follower.app.close();
      const leader = await testApp(t, { dataDir });
      await waitFor(async () => (await leader.call('GET', `${NS}/legacy`)).statusCode === 200, 'the namespace in use');
      t.same((await leader.call('GET', `${NS}/legacy`)).json.status, { phase: 'Active' });
      await waitFor(
        async () =>
          (await leader.call('GET', `${NS}/old`)).json.metadata.labels?.['kubernetes.io/metadata.name'] === 'old',
        'the name label on a Namespace stored without it',
      );
    },
  );

  t.test("a RoleBinding in a namespace grants reading that namespace, as Kubernetes' roles do", async (t) => {
    const app = await testApp(t);
    const token = await createUser(app, 'ann');
    await createOk(app, `${NS}/team-a/configmaps`, configMap('env'));
    await createOk(app, `${NS}/team-b/configmaps`, configMap('env'));
    await bind(app, 'ann-view', 'view', [{ kind: 'User', name: 'ann' }], 'team-a');
    t.equal((await app.call('GET', `${NS}/team-a`, undefined, { token })).statusCode, 200);
    t.equal((await app.call('GET', `${NS}/team-b`, undefined, { token })).statusCode, 403);
    t.equal((await app.call('GET', NS, undefined, { token })).statusCode, 403, 'listing them is cluster-wide');
    t.equal((await app.call('DELETE', `${NS}/team-a`, undefined, { token })).statusCode, 403);
  });
});

const mergePatch = { contentType: 'application/merge-patch+json' };
const neverLeader = {
  start: async () => undefined,
  stop: async () => undefined,
  isLeader: () => false,
  onChange: () => () => undefined,
};
