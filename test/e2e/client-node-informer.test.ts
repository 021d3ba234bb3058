// client-node 1.4's makeInformer (a ListWatch) against a real `tmc server` on HTTPS, on SQLite and
// PostgreSQL: it sees every add, update and delete, and survives a restart of the server on the
// same port and data: it resumes from its last resourceVersion and sees what changed meanwhile,
// including a change written while the server was down (through the store, as another replica
// writes), and what changes after. Restarting on 'error' is the library's documented pattern.
import { randomUUID } from 'node:crypto';
import { KubernetesObjectApi, type KubernetesObject, makeInformer } from '@kubernetes/client-node';
import t from 'tap';
import { testedStoreKinds } from '../helpers/stores.js';
import { ST, deploymentsPath, until } from './control-plane.js';
import { SYNC_TARGET, startForClientNode } from './client-node-env.js';

t.setTimeout(600_000);

const MERGE = 'application/merge-patch+json';

const keyOf = (o: KubernetesObject) =>
  (o.metadata?.namespace ? `${o.metadata.namespace}/` : '') + (o.metadata?.name ?? '');

for (const store of testedStoreKinds()) {
  t.test(`makeInformer on ${store}`, async (t) => {
    const { plane, config, openStore } = await startForClientNode(t, store);
    const kc = config();
    const api = KubernetesObjectApi.makeApiClient(kc);
    const heard: string[] = [];
    let errors = 0;
    let stopping = false;
    const informerOf = (path: string, apiVersion: string, kind: string) => {
      const informer = makeInformer(kc, path, () => api.list(apiVersion, kind));
      for (const verb of ['add', 'update', 'delete'] as const) {
        informer.on(verb, (o) => heard.push(`${verb} ${kind} ${keyOf(o)}`));
      }
      informer.on('error', () => {
        errors += 1;
        if (!stopping) setTimeout(() => void informer.start(), 250);
      });
      t.teardown(() => {
        stopping = true;
        return informer.stop();
      });
      return informer;
    };
    const heardAll = (what: string[]) =>
      until(`informer events ${what.join(', ')} (heard: ${heard.join(', ')})`, async () =>
        what.every((event) => heard.includes(event)),
      );

    await plane.ok('POST', ST, { ...SYNC_TARGET, metadata: { name: 'a' }, spec: {} });
    await plane.createDeployment('shop', 'web');
    const targets = informerOf(ST, SYNC_TARGET.apiVersion, SYNC_TARGET.kind);
    const deployments = informerOf('/apis/apps/v1/deployments', 'apps/v1', 'Deployment');
    await Promise.all([targets.start(), deployments.start()]);
    await heardAll(['add SyncTarget a', 'add Deployment shop/web']);

    await plane.ok('POST', ST, { ...SYNC_TARGET, metadata: { name: 'b' }, spec: {} });
    await plane.ok('PATCH', `${ST}/a`, { metadata: { labels: { env: 'prod' } } }, MERGE);
    await plane.ok('DELETE', `${ST}/b`);
    await plane.createDeployment('blog', 'web');
    await plane.ok('PATCH', `${deploymentsPath('shop')}/web`, { spec: { replicas: 4 } }, MERGE);
    await plane.ok('DELETE', `${deploymentsPath('blog')}/web`);
    await heardAll([
      'add SyncTarget b',
      'update SyncTarget a',
      'delete SyncTarget b',
      'add Deployment blog/web',
      'update Deployment shop/web',
      'delete Deployment blog/web',
    ]);
    t.equal(targets.get('a')?.metadata?.labels?.env, 'prod', 'the cache holds the latest state');
    t.equal((deployments.get('web', 'shop') as any)?.spec.replicas, 4);

    const port = Number(new URL(plane.url).port);
    t.equal(await plane.stop('SIGTERM'), 0, 'the server stops cleanly with watches open');
    await until('the informers to notice the server is gone', async () => errors >= 2);
    const writer = await openStore();
    const a = await writer.get({ kind: 'SyncTarget', namespace: '', name: 'a' });
    await writer.create({ ...a!, metadata: { ...a!.metadata, name: 'offline', uid: randomUUID(), labels: {} } });
    await writer.delete({ kind: 'SyncTarget', namespace: '', name: 'a' });
    const web = await writer.get({ kind: 'Deployment', namespace: 'shop', name: 'web' });
    await writer.update({ ...web!, spec: { ...(web!.spec as object), replicas: 5 } });
    await writer.close();
    heard.length = 0;

    await plane.restart(port);
    t.equal(plane.url, `https://127.0.0.1:${port}`, 'the same address');
    await plane.ok('POST', ST, { ...SYNC_TARGET, metadata: { name: 'after' }, spec: {} });
    await plane.createDeployment('blog', 'api');
    await heardAll([
      'add SyncTarget offline',
      'delete SyncTarget a',
      'update Deployment shop/web',
      'add SyncTarget after',
      'add Deployment blog/api',
    ]);
    t.notOk(
      heard.some((event) => event.startsWith('delete') && !event.endsWith(' a')),
      'nothing else removed',
    );
    t.equal((deployments.get('web', 'shop') as any)?.spec.replicas, 5, 'the change made while the server was down');
    const listed = await plane.ok('GET', ST);
    t.same(targets.list().map(keyOf).sort(), listed.items.map(keyOf).sort(), 'the cache matches a list');
    const everywhere = await plane.ok('GET', '/apis/apps/v1/deployments');
    t.same(deployments.list().map(keyOf).sort(), everywhere.items.map(keyOf).sort());
  });
}
