// Custom resources on both stores: a CustomResourceDefinition applied to tmc serves its kind at
// once (no restart): create, read, list, patch, replace and delete of its objects, validated by
// its openAPIV3Schema with defaults, unknown fields pruned, in discovery; a definition whose
// objects are left cannot be deleted (409).
import t from 'tap';
import { testApp } from '../helpers/app.js';
import { forEachStore } from '../helpers/stores.js';
import { CRD_PATH, WIDGETS, widget, widgetCrd } from './custom-resources-setup.js';
import { waitFor } from '../helpers/wait.js';

forEachStore(t, (t) => {
  t.test('a definition serves its kind: CRUD, schema defaults, pruning, 422 causes', async (t) => {
    const { call } = await testApp(t);
    t.equal((await call('GET', WIDGETS)).statusCode, 404, 'not served before the definition');
    const badColumn = widgetCrd();
    badColumn.spec.versions[0].additionalPrinterColumns[0].type = 'float';
    const refusedColumn = await call('POST', CRD_PATH, badColumn);
    t.equal(refusedColumn.statusCode, 422, 'a printer column type kube-apiserver does not know is refused');
    t.match(refusedColumn.json, { kind: 'Status', message: /additionalPrinterColumns/ });
    const crd = await call('POST', CRD_PATH, widgetCrd());
    t.equal(crd.statusCode, 201, crd.body);
    t.match(crd.json.status.conditions, [{ type: 'NamesAccepted' }, { type: 'Established', status: 'True' }]);
    await waitFor(async () => (await call('GET', WIDGETS)).statusCode === 200, 'widgets served');

    const created = await call('POST', WIDGETS, { ...widget('a', { size: 2, junk: 1, extra: { any: { x: 1 } } }) });
    t.equal(created.statusCode, 201, created.body);
    t.same(created.json.spec, { size: 2, color: 'red', extra: { any: { x: 1 } } }, 'defaulted, pruned, preserved');
    t.match(String(created.headers.warning), 'unknown field \\"spec.junk\\"');
    t.match(created.json, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { namespace: 'default' } });

    const bad = await call('POST', WIDGETS, widget('b', { size: 0, color: 'green', port: true }));
    t.equal(bad.statusCode, 422);
    t.match(bad.json, {
      kind: 'Status',
      reason: 'Invalid',
      details: { name: 'b', group: 'example.com', kind: 'widgets' },
    });
    const fields = bad.json.details.causes.map((c: { field: string }) => c.field).sort();
    t.same(fields, ['spec.color', 'spec.port', 'spec.size'], bad.body);
    t.equal((await call('POST', WIDGETS, widget('c', {}))).statusCode, 422, 'required field');
    t.equal((await call('GET', `${WIDGETS}/b`)).statusCode, 404, 'a refused object is not stored');

    const port = await call('POST', WIDGETS, widget('p', { size: 1, port: 'http' }));
    t.equal(port.statusCode, 201, 'int-or-string takes a string');

    const got = await call('GET', `${WIDGETS}/a`);
    t.equal(got.json.metadata.uid, created.json.metadata.uid);
    const list = await call('GET', WIDGETS);
    t.equal(list.json.kind, 'WidgetList');
    t.same(
      list.json.items.map((o: { metadata: { name: string } }) => o.metadata.name),
      ['a', 'p'],
    );
    t.equal((await call('GET', '/apis/example.com/v1/widgets')).json.items.length, 2, 'all namespaces');
    const patched = await call('PATCH', `${WIDGETS}/a`, { spec: { size: 5 } });
    t.equal(patched.statusCode, 200, patched.body);
    t.equal(patched.json.spec.size, 5);
    t.equal(patched.json.metadata.generation, 2);
    const badPatch = await call('PATCH', `${WIDGETS}/a`, { spec: { size: -1 } });
    t.equal(badPatch.statusCode, 422, 'a patch is validated');
    const replaced = await call('PUT', `${WIDGETS}/a`, { ...patched.json, spec: { size: 7 } });
    t.equal(replaced.statusCode, 200, replaced.body);
    t.equal(replaced.json.spec.color, 'red', 'defaults on replace too');

    const refused = await call('DELETE', `${CRD_PATH}/widgets.example.com`);
    t.equal(refused.statusCode, 409, 'objects are left');
    t.match(refused.json, { reason: 'Conflict', message: /objects of widgets.example.com are left/ });
    t.equal((await call('DELETE', `${WIDGETS}/a`)).statusCode, 200);
    t.equal((await call('DELETE', `${WIDGETS}/p`)).statusCode, 200);
    t.equal((await call('GET', `${WIDGETS}/a`)).statusCode, 404);
    t.equal((await call('DELETE', `${CRD_PATH}/widgets.example.com`)).statusCode, 200, 'deleted once empty');
    await waitFor(async () => (await call('GET', WIDGETS)).statusCode === 404, 'widgets no longer served');
  });
});
