// A watch with a label selector hears of objects entering and leaving the selection as
// Kubernetes says it: ADDED when a change makes an object match, DELETED (its last matching
// content, at the new resourceVersion) when a change makes it stop. On both stores, real HTTP.
import t from 'tap';
import { ST_PATH, syncTarget, testApp } from '../helpers/app.js';
import { forEachStore } from '../helpers/stores.js';
import { listening, openWatch } from '../helpers/watch-client.js';

t.setTimeout(120_000);

const summary = (events: { type: string; object: any }[]) =>
  events.map((e) => `${e.type} ${e.object.metadata.name} ${e.object.metadata.labels?.env ?? '-'}`);
const relabel = (env: string | null) => ({ metadata: { labels: { env } } });

forEachStore(t, (t) => {
  t.test('from the current objects: leaving is DELETED, entering is ADDED', async (t) => {
    const api = await testApp(t);
    await api.call('POST', ST_PATH, syncTarget('a', { env: 'prod' }));
    await api.call('POST', ST_PATH, syncTarget('b', { env: 'dev' }));
    const base = await listening(api.app);
    const watch = await openWatch(base, `${ST_PATH}?watch=true&labelSelector=env%3Dprod`);
    t.same(summary(await watch.waitFor(1)), ['ADDED a prod']);
    await api.call('PATCH', `${ST_PATH}/b`, { spec: { unschedulable: true } });
    const left = await api.call('PATCH', `${ST_PATH}/a`, relabel('dev'));
    await api.call('PATCH', `${ST_PATH}/a`, { spec: { unschedulable: true } });
    await api.call('PATCH', `${ST_PATH}/b`, relabel('prod'));
    await api.call('PATCH', `${ST_PATH}/b`, { metadata: { annotations: { note: 'x' } } });
    await api.call('DELETE', `${ST_PATH}/b`);
    await api.call('DELETE', `${ST_PATH}/a`);
    const events = await watch.waitFor(5);
    t.same(
      summary(events),
      ['ADDED a prod', 'DELETED a prod', 'ADDED b prod', 'MODIFIED b prod', 'DELETED b prod'],
      'changes of objects outside the selection are not sent',
    );
    t.equal(events[1]!.object.metadata.resourceVersion, left.json.metadata.resourceVersion, 'at the version that left');
    watch.close();
  });

  t.test("from a list's resourceVersion, as kubectl and informers watch", async (t) => {
    const api = await testApp(t);
    await api.call('POST', ST_PATH, syncTarget('a', { env: 'prod' }));
    await api.call('POST', ST_PATH, syncTarget('b', { env: 'dev' }));
    const listed = await api.call('GET', `${ST_PATH}?labelSelector=env%3Dprod`);
    t.same(
      listed.json.items.map((i: any) => i.metadata.name),
      ['a'],
    );
    const base = await listening(api.app);
    const from = listed.json.metadata.resourceVersion;
    const watch = await openWatch(base, `${ST_PATH}?watch=true&resourceVersion=${from}&labelSelector=env%3Dprod`);
    await api.call('PATCH', `${ST_PATH}/b`, { spec: { unschedulable: true } });
    await api.call('PATCH', `${ST_PATH}/a`, relabel(null));
    await api.call('PATCH', `${ST_PATH}/b`, relabel('prod'));
    await api.call('POST', ST_PATH, syncTarget('c', { env: 'dev' }));
    await api.call('DELETE', `${ST_PATH}/b`);
    const events = await watch.waitFor(3);
    t.same(summary(events), ['DELETED a prod', 'ADDED b prod', 'DELETED b prod']);
    watch.close();
  });

  t.test('set-based selectors and a namespace: the same rules', async (t) => {
    const api = await testApp(t);
    const path = '/apis/apps/v1/namespaces/shop/deployments';
    const deployment = (name: string, tier: string) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, labels: { tier } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: name } },
        template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
      },
    });
    await api.call('POST', path, deployment('web', 'front'));
    const base = await listening(api.app);
    const selector = encodeURIComponent('tier in (front,edge)');
    const watch = await openWatch(base, `${path}?watch=true&labelSelector=${selector}`);
    t.same(
      (await watch.waitFor(1)).map((e) => e.type),
      ['ADDED'],
    );
    await api.call('PATCH', `${path}/web`, { metadata: { labels: { tier: 'edge' } } });
    await api.call('PATCH', `${path}/web`, { metadata: { labels: { tier: 'back' } } });
    await api.call('PATCH', `${path}/web`, { metadata: { labels: { tier: 'front' } } });
    const events = await watch.waitFor(4);
    const expected = ['ADDED front', 'MODIFIED edge', 'DELETED edge', 'ADDED front'];
    t.same(
      events.map((e) => `${e.type} ${e.object.metadata.labels.tier}`),
      expected,
    );
    watch.close();
  });
});
