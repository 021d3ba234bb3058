// PATCH on /status takes what kube-apiserver's takes besides apply: a JSON patch, a merge patch,
// and for built-in kinds a strategic merge patch, each changing the status alone. kubectl reads
// the patch types of a kind from the first PATCH it finds for the kind in /openapi/v3, the
// status one as often as the object's; a status PATCH listing fewer types sent `kubectl apply`
// of an edited manifest to its fallback, with "error calculating patch from openapi spec".
import t from 'tap';
import { testApp } from '../helpers/app.js';
import { forEachStore } from '../helpers/stores.js';
import { createOk } from '../helpers/workloads.js';

const NS = '/api/v1/namespaces';
const JSON_PATCH = { contentType: 'application/json-patch+json' };
const SMP = { contentType: 'application/strategic-merge-patch+json' };
const APPLY = { contentType: 'application/apply-patch+yaml' };

forEachStore(t, (t) => {
  t.test('a status takes JSON and strategic merge patches; the spec and metadata stay', async (t) => {
    const api = await testApp(t);
    const pvc = await createOk(api, `${NS}/shop/persistentvolumeclaims`, {
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    });
    const path = `${NS}/shop/persistentvolumeclaims/data/status`;
    const ops = [
      { op: 'add', path: '/status', value: { phase: 'Bound' } },
      { op: 'replace', path: '/spec/accessModes', value: ['ReadOnlyMany'] },
    ];
    const byJsonPatch = await api.call('PATCH', path, undefined, { ...JSON_PATCH, rawBody: JSON.stringify(ops) });
    t.equal(byJsonPatch.statusCode, 200, byJsonPatch.body);
    t.equal(byJsonPatch.json.status.phase, 'Bound');
    t.same(byJsonPatch.json.spec, pvc.spec, 'a status patch changes the status alone');
    const bySmp = await api.call('PATCH', path, { status: { capacity: { storage: '1Gi' } } }, SMP);
    t.equal(bySmp.statusCode, 200, bySmp.body);
    t.same(bySmp.json.status, { phase: 'Bound', capacity: { storage: '1Gi' } });
    const pinned = await api.call(
      'PATCH',
      path,
      { metadata: { resourceVersion: '1' }, status: { phase: 'Lost' } },
      SMP,
    );
    t.equal(pinned.statusCode, 409, 'a resourceVersion in the patch is a precondition');
    const bad = await api.call('PATCH', path, undefined, { ...JSON_PATCH, rawBody: '[{"op":"remove","path":"/x"}]' });
    t.equal(bad.statusCode, 422, bad.body);
    const apply = await api.call('PATCH', path, undefined, { ...APPLY, rawBody: 'status: {phase: Lost}' });
    t.equal(apply.statusCode, 415, `server-side apply of a status is not served: ${apply.body}`);
    t.equal((await api.call('GET', path)).json.status.phase, 'Bound', 'refused patches changed nothing');
  });

  t.test('/openapi/v3 lists the same patch types for a kind on its object and on its status', async (t) => {
    const api = await testApp(t);
    const doc = (await api.call('GET', '/openapi/v3/api/v1')).json;
    const types = (path: string) => Object.keys(doc.paths[path].patch.requestBody.content);
    const object = '/api/v1/namespaces/{namespace}/persistentvolumeclaims/{name}';
    t.same(types(`${object}/status`), [
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/strategic-merge-patch+json',
    ]);
    for (const type of types(`${object}/status`)) t.ok(types(object).includes(type), type);
  });
});
