// @kubernetes/client-node 1.4's KubernetesObjectApi against a real `tmc server` on HTTPS, on
// SQLite and on PostgreSQL: create, read, patch, replace, list and delete of SyncTargets and
// Deployments, found through discovery as the library finds any kind; every refusal a Status.
import { KubernetesObjectApi, PatchStrategy, type KubernetesObject } from '@kubernetes/client-node';
import t from 'tap';
import { testedStoreKinds } from '../helpers/stores.js';
import { deploymentManifest } from './control-plane.js';
import { SYNC_TARGET, refusal, startForClientNode } from './client-node-env.js';

t.setTimeout(600_000);

type Object = KubernetesObject & { spec?: any; status?: any };

for (const store of testedStoreKinds()) {
  t.test(`KubernetesObjectApi CRUD on ${store}`, async (t) => {
    const { config } = await startForClientNode(t, store);
    const api = KubernetesObjectApi.makeApiClient(config());

    await t.test('SyncTargets', async (t) => {
      const created = await api.create<Object>({ ...SYNC_TARGET, metadata: { name: 'east', labels: { env: 'prod' } }, spec: {} });
      t.match(created, { ...SYNC_TARGET, metadata: { name: 'east', uid: String, resourceVersion: String } });
      const read = await api.read<Object>({ ...SYNC_TARGET, metadata: { name: 'east' } });
      t.equal(read.metadata?.uid, created.metadata?.uid);
      const patched = await api.patch<Object>({ ...SYNC_TARGET, metadata: { name: 'east' }, spec: { unschedulable: true } },
        undefined, undefined, undefined, undefined, PatchStrategy.MergePatch);
      t.equal(patched.spec.unschedulable, true);
      t.equal(patched.metadata?.labels?.env, 'prod', 'a merge patch keeps what it does not name');
      const replaced = await api.replace<Object>({ ...patched, metadata: { ...patched.metadata, labels: { env: 'dev' } } });
      t.same(replaced.metadata?.labels, { env: 'dev' });
      await api.create<Object>({ ...SYNC_TARGET, metadata: { name: 'west' }, spec: {} });
      const all = await api.list<Object>(SYNC_TARGET.apiVersion, SYNC_TARGET.kind);
      t.same(all.items.map((i) => i.metadata?.name), ['east', 'west']);
      const dev = await api.list<Object>(SYNC_TARGET.apiVersion, SYNC_TARGET.kind, undefined, undefined, undefined, undefined,
        undefined, 'env=dev');
      t.same(dev.items.map((i) => i.metadata?.name), ['east'], 'a label selector');
      const named = await api.list<Object>(SYNC_TARGET.apiVersion, SYNC_TARGET.kind, undefined, undefined, undefined, undefined,
        'metadata.name=west');
      t.same(named.items.map((i) => i.metadata?.name), ['west'], 'a field selector');
      await api.delete({ ...SYNC_TARGET, metadata: { name: 'east' } });
      const gone = await refusal(() => api.read({ ...SYNC_TARGET, metadata: { name: 'east' } }));
      t.match(gone, { code: 404, status: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 } });
    });

    await t.test('Deployments in a namespace', async (t) => {
      const web = { ...deploymentManifest('web', 2, 'nginx:1.27'), metadata: { name: 'web', namespace: 'shop' } } as Object;
      const created = await api.create<Object>(web);
      t.match(created, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' } });
      const patched = await api.patch<Object>({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' },
        spec: { replicas: 3 } }, undefined, undefined, undefined, undefined, PatchStrategy.MergePatch);
      t.equal(patched.spec.replicas, 3);
      const read = await api.read<Object>({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' } });
      read.spec.template.spec.containers[0].image = 'nginx:1.28';
      const replaced = await api.replace<Object>(read);
      t.equal(replaced.spec.template.spec.containers[0].image, 'nginx:1.28');
      await api.create<Object>({ ...web, metadata: { name: 'web', namespace: 'blog' } });
      const shop = await api.list<Object>('apps/v1', 'Deployment', 'shop');
      t.same(shop.items.map((i) => `${i.metadata?.namespace}/${i.metadata?.name}`), ['shop/web']);
      const everywhere = await api.list<Object>('apps/v1', 'Deployment');
      t.same(everywhere.items.map((i) => `${i.metadata?.namespace}/${i.metadata?.name}`), ['blog/web', 'shop/web']);
      await api.delete({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' } });
      t.same((await api.list<Object>('apps/v1', 'Deployment', 'shop')).items, []);
    });

    await t.test('every refusal is a Status', async (t) => {
      await api.create<Object>({ ...SYNC_TARGET, metadata: { name: 'taken' }, spec: {} });
      const status = (code: number, reason: string) => ({ code, status: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason, code } });
      t.match(await refusal(() => api.create({ ...SYNC_TARGET, metadata: { name: 'taken' } })), status(409, 'AlreadyExists'));
      t.match(await refusal(() => api.create({ ...SYNC_TARGET, metadata: { name: 'Bad_Name' } })), status(422, 'Invalid'));
      const stale = { ...SYNC_TARGET, metadata: { name: 'taken', resourceVersion: '1' }, spec: {} };
      t.match(await refusal(() => api.replace(stale)), status(409, 'Conflict'));
      const missing = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'none', namespace: 'shop' } };
      t.match(await refusal(() => api.delete(missing)), status(404, 'NotFound'));
      t.match(await refusal(() => api.patch(missing, undefined, undefined, undefined, undefined, PatchStrategy.MergePatch)),
        status(404, 'NotFound'));
      const wrong = { ...SYNC_TARGET, metadata: { name: 'taken' }, spec: { unschedulable: 'yes' } };
      t.match(await refusal(() => api.patch(wrong, undefined, undefined, undefined, undefined, PatchStrategy.MergePatch)),
        status(422, 'Invalid'));
    });
  });
}
