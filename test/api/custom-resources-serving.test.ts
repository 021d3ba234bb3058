// How a custom kind is served besides its CRUD (SQLite; the store paths are those of
// custom-resources.test.ts): discovery (plain and aggregated), the Kubernetes OpenAPI documents,
// Tables from additionalPrinterColumns, the status subresource, watches, and a second version.
import t from 'tap';
import { AGGREGATED_DISCOVERY } from '../../src/api/discovery/discovery.js';
import { ADMIN_TOKEN, testApp } from '../helpers/app.js';
import { waitFor } from '../helpers/wait.js';
import { CRD_PATH, WIDGETS, widget, widgetCrd } from './custom-resources-setup.js';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

t.test('discovery, OpenAPI, Tables, status and a second version of a custom kind', async (t) => {
  const { app, call } = await testApp(t);
  const get = (url: string, accept: string) =>
    app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, accept } });
  const crd = widgetCrd();
  const v2 = { ...crd.spec.versions[0]!, name: 'v2', storage: false, additionalPrinterColumns: [] };
  t.equal(
    (await call('POST', CRD_PATH, { ...crd, spec: { ...crd.spec, versions: [crd.spec.versions[0], v2] } })).statusCode,
    201,
  );
  await waitFor(async () => (await call('GET', WIDGETS)).statusCode === 200, 'widgets served');

  const groups = (await call('GET', '/apis')).json.groups;
  t.match(
    groups.find((g: { name: string }) => g.name === 'example.com'),
    {
      versions: [{ groupVersion: 'example.com/v1' }, { groupVersion: 'example.com/v2' }],
    },
  );
  const resources = (await call('GET', '/apis/example.com/v1')).json.resources;
  const widgets = resources.find((r: { name: string }) => r.name === 'widgets');
  t.match(widgets, { kind: 'Widget', namespaced: true, shortNames: ['wd'], singularName: 'widget' });
  t.same(widgets.verbs, ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']);
  t.ok(
    resources.find((r: { name: string }) => r.name === 'widgets/status'),
    'the status subresource',
  );
  const aggregated = (await get('/apis', AGGREGATED_DISCOVERY)).json();
  t.ok(aggregated.items.find((g: { metadata: { name: string } }) => g.metadata.name === 'example.com'));
  t.match((await call('GET', '/apis/apiextensions.k8s.io/v1')).json.resources, [
    { name: 'customresourcedefinitions', kind: 'CustomResourceDefinition', namespaced: false },
  ]);

  const index = (await call('GET', '/openapi/v3')).json.paths;
  t.ok(index['apis/example.com/v1'], 'an OpenAPI v3 document of the group version');
  const doc = (await call('GET', '/openapi/v3/apis/example.com/v1')).json;
  t.ok(
    doc.paths['/apis/example.com/v1/namespaces/{namespace}/widgets/{name}'],
    doc.paths && Object.keys(doc.paths).join(),
  );
  const v2doc = (await call('GET', '/openapi/v2')).json;
  t.ok(v2doc.paths['/apis/example.com/v1/namespaces/{namespace}/widgets'], 'in /openapi/v2');

  t.equal((await call('POST', WIDGETS, widget('a', { size: 3 }))).statusCode, 201);
  const table = (await get(WIDGETS, TABLE)).json();
  t.same(
    table.columnDefinitions.map(
      (c: { name: string; type: string; priority: number }) => `${c.name}:${c.type}:${c.priority}`,
    ),
    ['Name:string:0', 'Size:integer:0', 'Color:string:1', 'Age:date:0'],
  );
  t.strictSame(table.rows[0].cells.slice(0, 3), ['a', 3, 'red'], 'an integer column has a number cell');

  const status = { conditions: [{ type: 'Ready', status: 'True' }] };
  const ignored = await call('PATCH', `${WIDGETS}/a`, { status });
  t.equal(ignored.json.status, undefined, 'the main resource does not write status');
  const written = await call(
    'PATCH',
    `${WIDGETS}/a/status`,
    { status },
    { contentType: 'application/merge-patch+json' },
  );
  t.equal(written.statusCode, 200, written.body);
  t.same(written.json.status, status);
  t.equal(written.json.metadata.generation, 1, 'a status write keeps the generation');

  const asV2 = await call('GET', '/apis/example.com/v2/namespaces/default/widgets/a');
  t.equal(asV2.json.apiVersion, 'example.com/v2', 'served in the version asked');

  const watch = await app.inject({
    method: 'GET',
    url: `${WIDGETS}?watch=true&timeoutSeconds=1`,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  t.match(watch.body, /"type":"ADDED","object":\{"apiVersion":"example.com\/v1","kind":"Widget"/);

  t.equal((await call('GET', '/apis/example.com/v1/namespaces/default/gadgets')).statusCode, 404);
  t.equal((await call('GET', WIDGETS, undefined, { token: null })).statusCode, 401, 'authenticated first');
  const taken = widgetCrd({ names: { kind: 'Deployment', plural: 'deploys' } });
  const refused = await call('POST', CRD_PATH, { ...taken, metadata: { name: 'deploys.example.com' } });
  t.equal(refused.statusCode, 422);
  t.match(refused.json.details.causes, [{ field: 'spec.names.kind', message: /already served by the group "apps"/ }]);
});
