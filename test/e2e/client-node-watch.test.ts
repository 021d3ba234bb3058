// client-node 1.4's Watch against a real `tmc server` on HTTPS: events of one namespace and of all,
// a server-side timeout ends it cleanly, and a refused watch is a Status (client-node hands only the
// code on; the body is read raw). The 410 of a compacted resourceVersion is in test/api/watch.test.ts:
// the server has no option to compact early.
import { Watch } from '@kubernetes/client-node';
import t from 'tap';
import { deploymentsPath, until } from './control-plane.js';
import { startForClientNode } from './client-node-env.js';

t.setTimeout(300_000);

interface Heard {
  events: string[];
  objects: any[];
  done: Promise<unknown>;
  abort(): void;
}

async function watch(w: Watch, path: string, query: Record<string, string | number>): Promise<Heard> {
  const events: string[] = [];
  const objects: any[] = [];
  let finish: (error: unknown) => void = () => {};
  const done = new Promise((resolve) => (finish = resolve));
  const controller = await w.watch(
    path,
    query,
    (type, object) => {
      events.push(`${type} ${object.metadata?.namespace ?? '-'}/${object.metadata?.name ?? '-'}`);
      objects.push(object);
    },
    (error) => finish(error ?? null),
  );
  return { events, objects, done, abort: () => controller.abort() };
}

t.test('Watch of Deployments, in a namespace and in all', async (t) => {
  const { plane, config } = await startForClientNode(t, 'sqlite');
  const w = new Watch(config());
  await plane.createDeployment('shop', 'web');
  const shop = await watch(w, deploymentsPath('shop'), {});
  const all = await watch(w, '/apis/apps/v1/deployments', { timeoutSeconds: 600 });
  const heard = (h: Heard, n: number) =>
    until(`${n} events (${h.events.join(', ')})`, async () => h.events.length >= n);
  await Promise.all([heard(shop, 1), heard(all, 1)]);
  await plane.createDeployment('blog', 'web');
  await plane.ok('PATCH', `${deploymentsPath('shop')}/web`, { spec: { replicas: 2 } }, 'application/merge-patch+json');
  await plane.ok('DELETE', `${deploymentsPath('shop')}/web`);
  await Promise.all([heard(shop, 3), heard(all, 4)]);
  t.same(shop.events, ['ADDED shop/web', 'MODIFIED shop/web', 'DELETED shop/web']);
  t.same(all.events, ['ADDED shop/web', 'ADDED blog/web', 'MODIFIED shop/web', 'DELETED shop/web']);
  t.equal(shop.objects[1].spec.replicas, 2);
  shop.abort();
  all.abort();

  const short = await watch(w, deploymentsPath('blog'), { timeoutSeconds: 1 });
  t.equal(await short.done, null, 'timeoutSeconds ends the watch with no error');
  t.same(short.events, ['ADDED blog/web']);
});

t.test('refusals are Statuses', async (t) => {
  const { plane, config } = await startForClientNode(t, 'sqlite');
  const w = new Watch(config());
  const created = await plane.createDeployment('shop', 'web');
  const future = Number(created.metadata.resourceVersion) + 1000;
  const refused = await watch(w, deploymentsPath('shop'), { labelSelector: 'a in (' });
  t.match(await refused.done, { statusCode: 400 });
  const raw = await plane.call('GET', `${deploymentsPath('shop')}?watch=true&labelSelector=a%20in%20(`);
  const status = { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'BadRequest', code: 400 };
  t.match(raw, { status: 400, json: status });
  const tooNew = await plane.call('GET', `${deploymentsPath('shop')}?resourceVersion=${future}`);
  t.match(tooNew, { status: 504, json: { kind: 'Status', reason: 'Timeout' } });
  const bad = await plane.call('GET', `${deploymentsPath('shop')}?watch=true&resourceVersion=x`);
  t.match(bad, { status: 400, json: { kind: 'Status', reason: 'BadRequest' } });
});
