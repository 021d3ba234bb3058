// Watches narrowed to what RBAC lets a user see, on both stores over real HTTP: a watch in all
// namespaces sends events of the namespaces bound to the user only, as Tables too; after a
// RoleBinding goes, its namespace's new events stop; once nothing is left the watch ends with a 403.
import t from 'tap';
import { testApp } from '../helpers/app.js';
import { forEachStore } from '../helpers/stores.js';
import { as } from '../helpers/users.js';
import { listening, openWatch } from '../helpers/watch-client.js';
import { ALL_CM, TABLE, configMaps, unbind, viewerOfAandC } from './rbac-visibility-setup.js';

t.setTimeout(180_000);

const summary = (events: { type: string; object: any }[]) =>
  events.map((e) => `${e.type} ${e.object.metadata?.namespace}/${e.object.metadata?.name}`);

forEachStore(t, (t) => {
  t.test('a watch in all namespaces follows the bindings', async (t) => {
    const api = await testApp(t, { userQps: 1e6, userBurst: 1e6 });
    const dana = await viewerOfAandC(api);
    await configMaps(api, ['a/x1', 'b/y1', 'c/z1']);
    const base = await listening(api.app);
    const watch = await openWatch(base, `${ALL_CM}?watch=true`, 'application/json', dana);
    t.equal(watch.status, 200);
    t.same(summary(await watch.waitFor(2)), ['ADDED a/x1', 'ADDED c/z1'], 'the current objects of a and c');
    await configMaps(api, ['b/y2', 'a/x2']);
    t.same(summary(await watch.waitFor(3)).slice(2), ['ADDED a/x2'], 'nothing of b');

    await unbind(api, dana, 'c', 'view');
    await configMaps(api, ['c/z2', 'a/x3']);
    t.same(summary(await watch.waitFor(4)).slice(3), ['ADDED a/x3'], 'c no longer, once its RoleBinding went');

    await unbind(api, dana, 'a', 'view');
    await configMaps(api, ['a/x4']);
    const last = (await watch.waitFor(5))[4]!;
    t.match(last, { type: 'ERROR', object: { code: 403, reason: 'Forbidden', message: /cannot watch/ } });
    t.same(await watch.ended, { aborted: false }, 'the watch ends: nothing is left to see');
    t.equal(watch.events.length, 5, 'and a/x4 was not sent');
  });

  t.test("from a list's resourceVersion and as Tables, events of other namespaces stay out", async (t) => {
    const api = await testApp(t, { userQps: 1e6, userBurst: 1e6 });
    const dana = await viewerOfAandC(api);
    await configMaps(api, ['a/x1', 'b/y1']);
    const listed = await api.call('GET', ALL_CM, undefined, as(dana));
    const from = listed.json.metadata.resourceVersion;
    const base = await listening(api.app);
    const watch = await openWatch(base, `${ALL_CM}?watch=true&resourceVersion=${from}`, 'application/json', dana);
    const table = await openWatch(base, `${ALL_CM}?watch=true`, TABLE, dana);
    const rows = await table.waitFor(1);
    t.match(rows[0], { type: 'ADDED', object: { kind: 'Table', rows: [{ cells: ['x1'] }] } }, 'a Table row');
    await configMaps(api, ['b/y2', 'c/z1']);
    await api.call('DELETE', '/api/v1/namespaces/b/configmaps/y1');
    await api.call('DELETE', '/api/v1/namespaces/a/configmaps/x1');
    t.same(summary(await watch.waitFor(2)), ['ADDED c/z1', 'DELETED a/x1'], 'replayed and live: a and c only');
    const cells = (await table.waitFor(3)).map((e) => `${e.type} ${e.object.rows[0].cells[0]}`);
    t.same(cells, ['ADDED x1', 'ADDED z1', 'DELETED x1'], 'Table events alike');
    watch.close();
    table.close();
  });
});
