// Lists narrowed to what RBAC lets a user see, on both stores: all namespaces shows the namespaces
// bound to the user, resourceNames show those names, Tables and pages alike; nothing at all is a 403.
import t from 'tap';
import { testApp } from '../helpers/app.js';
import { forEachStore } from '../helpers/stores.js';
import { as, bind, clusterRole, createUser, untilAllowed } from '../helpers/users.js';
import { CM } from './rbac-setup.js';
import { ALL_CM, TABLE, configMaps, keys, viewerOfAandC } from './rbac-visibility-setup.js';

const OBJECTS = ['a/x1', 'a/x2', 'b/y1', 'c/z1'];

forEachStore(t, (t) => {
  t.test('a list in all namespaces shows the namespaces where RBAC grants list', async (t) => {
    const api = await testApp(t);
    const dana = await viewerOfAandC(api);
    await configMaps(api, OBJECTS);
    const all = await api.call('GET', ALL_CM, undefined, as(dana));
    t.equal(all.statusCode, 200, 'allowed in part');
    t.same(keys(all.json), ['a/x1', 'a/x2', 'c/z1'], 'nothing of namespace b');
    t.match(all.json.metadata.resourceVersion, /^\d+$/);
    t.same(keys((await api.call('GET', ALL_CM)).json), OBJECTS, 'the admin sees everything');

    const table = await api.app.inject({
      method: 'GET',
      url: ALL_CM,
      headers: { authorization: `Bearer ${dana}`, accept: TABLE },
    });
    t.equal(table.statusCode, 200);
    t.same(
      table.json().rows.map((r: any) => r.cells[0]),
      ['x1', 'x2', 'z1'],
      'as a Table too',
    );

    const pages: string[][] = [];
    let next = '';
    do {
      const page = await api.call('GET', `${ALL_CM}?limit=2${next}`, undefined, as(dana));
      t.equal(page.statusCode, 200);
      pages.push(keys(page.json));
      next = page.json.metadata.continue ? `&continue=${page.json.metadata.continue}` : '';
    } while (next && pages.length < 5);
    t.same(pages, [['a/x1', 'a/x2'], ['c/z1']], 'pages of the filtered list; b is skipped');

    t.same(keys((await api.call('GET', CM('a'), undefined, as(dana))).json), ['a/x1', 'a/x2'], 'one namespace');
    t.match(
      (await api.call('GET', CM('b'), undefined, as(dana))).json,
      { code: 403, message: /cannot list resource "configmaps" in API group "" in the namespace "b"$/ },
      'a namespace without a binding stays a 403',
    );
    t.match(
      (await api.call('GET', '/api/v1/secrets', undefined, as(dana))).json,
      { code: 403, message: /cannot list resource "secrets" in API group "" at the cluster scope$/ },
      'view grants no Secrets anywhere: 403 as kube-apiserver says it',
    );
  });

  t.test('a caller granted list nowhere gets the 403 for all namespaces', async (t) => {
    const api = await testApp(t);
    const frank = await createUser(api, 'frank');
    await configMaps(api, ['a/x1']);
    t.match((await api.call('GET', ALL_CM, undefined, as(frank))).json, {
      code: 403,
      reason: 'Forbidden',
      details: { group: '', kind: 'configmaps' },
      message:
        'configmaps is forbidden: User "frank" cannot list resource "configmaps" in API group "" at the cluster scope',
    });
    t.match((await api.call('GET', `${ALL_CM}?watch=true`, undefined, as(frank))).json, {
      code: 403,
      message: /cannot watch resource "configmaps"/,
    });
  });

  t.test('resourceNames: a list shows the names granted, per namespace and cluster-wide', async (t) => {
    const api = await testApp(t);
    const erin = await createUser(api, 'erin');
    await clusterRole(api, 'named', [
      { verbs: ['get', 'list'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['x1', 'z1'] },
    ]);
    await clusterRole(api, 'named-everywhere', [
      { verbs: ['list'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['y1'] },
    ]);
    await bind(api, 'named', 'named', [{ kind: 'User', name: 'erin' }], 'a');
    await bind(api, 'named-everywhere', 'named-everywhere', [{ kind: 'User', name: 'erin' }]);
    await untilAllowed(api, erin, { verb: 'get', resource: 'configmaps', namespace: 'a', name: 'x1' });
    await untilAllowed(api, erin, { verb: 'list', resource: 'configmaps', namespace: 'b', name: 'y1' });
    await configMaps(api, [...OBJECTS, 'a/y1', 'c/x1']);

    t.same(keys((await api.call('GET', CM('a'), undefined, as(erin))).json), ['a/x1', 'a/y1'], 'namespace a');
    t.same(keys((await api.call('GET', CM('c'), undefined, as(erin))).json), [], 'c: y1 only, and there is none');
    t.same(
      keys((await api.call('GET', ALL_CM, undefined, as(erin))).json),
      ['a/x1', 'a/y1', 'b/y1'],
      'all namespaces: x1 and z1 in a only, y1 everywhere',
    );
    const page = await api.call('GET', `${ALL_CM}?limit=1`, undefined, as(erin));
    t.same(keys(page.json), ['a/x1']);
    const rest = await api.call('GET', `${ALL_CM}?continue=${page.json.metadata.continue}`, undefined, as(erin));
    t.same(keys(rest.json), ['a/y1', 'b/y1'], 'the next page goes on after the last one shown');
    t.match(
      (await api.call('GET', `${ALL_CM}?watch=true`, undefined, as(erin))).json,
      { code: 403, message: /cannot watch/ },
      'list is not watch',
    );
  });
});
