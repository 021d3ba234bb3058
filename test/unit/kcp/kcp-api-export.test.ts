// The kcp way of serving SyncTargets (--kcp-api-export): parsing the flag, the provider
// workspace's URL, the APIResourceSchema made from the CRD manifest, and what is written to the
// provider workspace. Against a real kcp: test/e2e/kcp-apiexport.test.ts.
import t from 'tap';
import { ensureExport, parseApiExport, schemaFromManifest, workspaceServer } from '../../../src/kcp/api-export.js';
import { ConfigError, resolveConfig } from '../../../src/config.js';
import { NOT_FOUND, type Recorded, type Route, fakeKcp } from './kcp-fake.js';

const EXPORT = '/apis/apis.kcp.io/v1alpha2/apiexports/synctargets';
const SCHEMAS = '/apis/apis.kcp.io/v1alpha1/apiresourceschemas';
const REF = { path: 'root:org', name: 'synctargets' };
const ours = { 'app.kubernetes.io/managed-by': 'tmc' };
const schemaName = schemaFromManifest().metadata.name;
const writes = (requests: Recorded[]) => requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
const withExport =
  (metadata: Record<string, unknown>, resources: unknown[]): Route =>
  (method, path) => {
    if (path === EXPORT && method === 'GET')
      return [200, { metadata: { name: 'synctargets', resourceVersion: '3', ...metadata }, spec: { resources } }];
    if (method === 'POST' || method === 'PUT') return [201, {}];
    return NOT_FOUND;
  };

t.test('--kcp-api-export is <workspace path>:<export name>', async (t) => {
  t.same(parseApiExport('root:tmc:synctargets'), { path: 'root:tmc', name: 'synctargets' });
  t.same(parseApiExport('root:synctargets.workload'), { path: 'root', name: 'synctargets.workload' });
  for (const bad of ['synctargets', 'root:', ':synctargets'])
    t.throws(() => parseApiExport(bad), /--kcp-api-export must be/);
  for (const bad of ['synctargets', 'root:Tmc:x', 'root:tmc:']) {
    const error = (() => {
      try {
        resolveConfig({ kcpApiExport: bad });
      } catch (e) {
        return e;
      }
    })();
    t.ok(error instanceof ConfigError, `${bad}: a configuration error`);
    t.match((error as Error).message, /kcpApiExport: must match pattern/);
  }
  t.equal(resolveConfig({ kcpApiExport: 'root:tmc:synctargets' }).kcpApiExport, 'root:tmc:synctargets');
});

t.test("the provider workspace is on the same kcp as the mirror's workspace", async (t) => {
  t.equal(workspaceServer('https://kcp:6443/clusters/root:org:team', 'root:tmc'), 'https://kcp:6443/clusters/root:tmc');
  t.equal(workspaceServer('https://kcp:6443', 'root:tmc'), 'https://kcp:6443/clusters/root:tmc');
  t.equal(
    workspaceServer('https://kcp/proxy/clusters/root:a/', 'root:tmc'),
    'https://kcp/proxy/clusters/root:tmc',
    'a path prefix stays',
  );
});

t.test('the APIResourceSchema is the CRD manifest, named after its hash', async (t) => {
  const schema = schemaFromManifest();
  t.match(schema.metadata.name, /^v[0-9a-f]{12}\.synctargets\.workload\.kcp\.io$/);
  const spec = schema.spec as { group: string; scope: string; versions: Record<string, any>[] };
  t.match(spec, { group: 'workload.kcp.io', scope: 'Cluster' });
  t.same(spec.versions[0]!.subresources, { status: {} });
  t.ok(spec.versions[0]!.schema.properties.status, 'the openAPIV3Schema itself, one level up');
  t.same(schemaFromManifest(), schema, 'the same manifest, the same schema');
});

t.test('no export yet: the schema, then the export pointing at it', async (t) => {
  const { client, requests } = await fakeKcp(t, (method) => (method === 'POST' ? [201, {}] : NOT_FOUND));
  t.equal(await ensureExport(client, REF), 'created');
  t.same(writes(requests), [
    `POST /clusters/root:org${SCHEMAS}`,
    'POST /clusters/root:org/apis/apis.kcp.io/v1alpha2/apiexports',
  ]);
  const body = JSON.parse(requests.at(-1)!.body);
  t.match(body, { kind: 'APIExport', metadata: { name: 'synctargets', labels: ours } });
  t.same(body.spec.resources, [
    { group: 'workload.kcp.io', name: 'synctargets', schema: schemaName, storage: { crd: {} } },
  ]);
});

t.test('an export tmc did not create, or cannot read, is left alone', async (t) => {
  const foreign = await fakeKcp(t, withExport({ labels: { owner: 'platform' } }, []));
  t.equal(await ensureExport(foreign.client, REF), 'foreign');
  t.same(writes(foreign.requests), []);
  const forbidden = await fakeKcp(t, () => [
    403,
    { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 403, reason: 'Forbidden', message: 'no' },
  ]);
  t.equal(await ensureExport(forbidden.client, REF), 'unreadable');
  t.same(writes(forbidden.requests), []);
});

t.test('our export: unchanged with this schema; moved to it from an older one, other resources kept', async (t) => {
  const current = { group: 'workload.kcp.io', name: 'synctargets', schema: schemaName, storage: { crd: {} } };
  const same = await fakeKcp(t, withExport({ labels: ours }, [current]));
  t.equal(await ensureExport(same.client, REF), 'unchanged');
  t.same(writes(same.requests), []);
  const other = { group: 'example.com', name: 'widgets', schema: 'v1.widgets.example.com', storage: { crd: {} } };
  const older = await fakeKcp(
    t,
    withExport({ labels: ours }, [other, { ...current, schema: 'v000000000000.synctargets.workload.kcp.io' }]),
  );
  t.equal(await ensureExport(older.client, REF), 'updated');
  t.same(writes(older.requests), [`POST /clusters/root:org${SCHEMAS}`, `PUT /clusters/root:org${EXPORT}`]);
  const body = JSON.parse(older.requests.at(-1)!.body);
  t.same(body.spec.resources, [other, current]);
  t.equal(body.metadata.resourceVersion, '3', 'replaced with the version read');
});
