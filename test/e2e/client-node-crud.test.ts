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
const MERGE = [undefined, undefined, undefined, undefined, PatchStrategy.MergePatch] as const;
const selectors = (field?: string, label?: string) =>
  [undefined, undefined, undefined, undefined, field, label] as const;
const DEPLOYMENT = { apiVersion: 'apps/v1', kind: 'Deployment' };
const failure = (code: number, reason: string) => ({
  code,
  status: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason, code },
});

for (const store of testedStoreKinds()) {
  t.test(`KubernetesObjectApi CRUD on ${store}`, async (t) => {
    const { config } = await startForClientNode(t, store);
    const api = KubernetesObjectApi.makeApiClient(config());

    await t.test('SyncTargets', async (t) => {
      const east = { ...SYNC_TARGET, metadata: { name: 'east', labels: { env: 'prod' } }, spec: {} };
      const created = await api.create<Object>(east);
      t.match(created, { ...SYNC_TARGET, metadata: { name: 'east', uid: String, resourceVersion: String } });
      const read = await api.read<Object>({ ...SYNC_TARGET, metadata: { name: 'east' } });
      t.equal(read.metadata?.uid, created.metadata?.uid);
      const cordon = { ...SYNC_TARGET, metadata: { name: 'east' }, spec: { unschedulable: true } };
      const patched = await api.patch<Object>(cordon, ...MERGE);
      t.equal(patched.spec.unschedulable, true);
      t.equal(patched.metadata?.labels?.env, 'prod', 'a merge patch keeps what it does not name');
      const relabelled = { ...patched, metadata: { ...patched.metadata, labels: { env: 'dev' } } };
      const replaced = await api.replace<Object>(relabelled);
      t.same(replaced.metadata?.labels, { env: 'dev' });
      await api.create<Object>({ ...SYNC_TARGET, metadata: { name: 'west' }, spec: {} });
      const all = await api.list<Object>(SYNC_TARGET.apiVersion, SYNC_TARGET.kind);
      t.same(
        all.items.map((i) => i.metadata?.name),
        ['east', 'west'],
      );
      const dev = await api.list<Object>(SYNC_TARGET.apiVersion, SYNC_TARGET.kind, ...selectors(undefined, 'env=dev'));
      t.same(
        dev.items.map((i) => i.metadata?.name),
        ['east'],
        'a label selector',
      );
      const named = await api.list<Object>(
        SYNC_TARGET.apiVersion,
        SYNC_TARGET.kind,
        ...selectors('metadata.name=west'),
      );
      t.same(
        named.items.map((i) => i.metadata?.name),
        ['west'],
        'a field selector',
      );
      await api.delete({ ...SYNC_TARGET, metadata: { name: 'east' } });
      const gone = await refusal(() => api.read({ ...SYNC_TARGET, metadata: { name: 'east' } }));
      t.match(gone, failure(404, 'NotFound'));
    });

    await t.test('Deployments in a namespace', async (t) => {
      const key = { ...DEPLOYMENT, metadata: { name: 'web', namespace: 'shop' } };
      const web = { ...deploymentManifest('web', 2, 'nginx:1.27'), metadata: key.metadata } as Object;
      const created = await api.create<Object>(web);
      t.match(created, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' } });
      const patched = await api.patch<Object>({ ...key, spec: { replicas: 3 } }, ...MERGE);
      t.equal(patched.spec.replicas, 3);
      const read = await api.read<Object>(key);
      read.spec.template.spec.containers[0].image = 'nginx:1.28';
      const replaced = await api.replace<Object>(read);
      t.equal(replaced.spec.template.spec.containers[0].image, 'nginx:1.28');
      await api.create<Object>({ ...web, metadata: { name: 'web', namespace: 'blog' } });
      const shop = await api.list<Object>('apps/v1', 'Deployment', 'shop');
      t.same(
        shop.items.map((i) => `${i.metadata?.namespace}/${i.metadata?.name}`),
        ['shop/web'],
      );
      const everywhere = await api.list<Object>('apps/v1', 'Deployment');
      t.same(
        everywhere.items.map((i) => `${i.metadata?.namespace}/${i.metadata?.name}`),
        ['blog/web', 'shop/web'],
      );
      await api.delete(key);
      t.same((await api.list<Object>('apps/v1', 'Deployment', 'shop')).items, []);
    });

    await t.test('every refusal is a Status', async (t) => {
      await api.create<Object>({ ...SYNC_TARGET, metadata: { name: 'taken' }, spec: {} });
      const create = (name: string) => refusal(() => api.create({ ...SYNC_TARGET, metadata: { name } }));
      t.match(await create('taken'), failure(409, 'AlreadyExists'));
      t.match(await create('Bad_Name'), failure(422, 'Invalid'));
      const stale = { ...SYNC_TARGET, metadata: { name: 'taken', resourceVersion: '1' }, spec: {} };
      t.match(await refusal(() => api.replace(stale)), failure(409, 'Conflict'));
      const missing = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'none', namespace: 'shop' } };
      t.match(await refusal(() => api.delete(missing)), failure(404, 'NotFound'));
      t.match(await refusal(() => api.patch(missing, ...MERGE)), failure(404, 'NotFound'));
      const wrong = { ...SYNC_TARGET, metadata: { name: 'taken' }, spec: { unschedulable: 'yes' } };
      t.match(await refusal(() => api.patch(wrong, ...MERGE)), failure(422, 'Invalid'));
    });
  });
}
