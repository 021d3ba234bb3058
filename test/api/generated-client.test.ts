// A client generated from tmc's own Kubernetes OpenAPI documents works against tmc: the types
// are generated at test time with openapi-typescript from /openapi/v3/apis/<group>/<version>,
// and openapi-fetch drives create, get, list, merge patch and delete of a SyncTarget and a
// Deployment over a listening server, and reads a refusal as a Kubernetes Status. The generated
// types are type-checked with a small program that calls through them, so a document that
// generates no usable types fails here, not in a user's build.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import createClient from 'openapi-fetch';
import openapiTS, { astToString } from 'openapi-typescript';
import t from 'tap';
import ts from 'typescript';
import { ADMIN_TOKEN, testApp } from '../helpers/app.js';

const MERGE_PATCH = { 'content-type': 'application/merge-patch+json' };
const ST = '/apis/workload.kcp.io/v1alpha1/synctargets';
const DEPLOYMENTS = '/apis/apps/v1/namespaces/{namespace}/deployments';

// Calls through the generated types; compiled, not run, so a wrong type fails the check.
const TYPED_CALLS = `
import createClient from 'openapi-fetch';
import type { components, paths } from './workload.js';
import type { paths as AppsPaths } from './apps.js';
type SyncTarget = components['schemas']['io.kcp.workload.v1alpha1.SyncTarget'];
const client = createClient<paths>({ baseUrl: 'http://127.0.0.1' });
const apps = createClient<AppsPaths>({ baseUrl: 'http://127.0.0.1' });
const body: SyncTarget = { apiVersion: 'workload.kcp.io/v1alpha1', kind: 'SyncTarget', metadata: { name: 'x' } };
export async function calls(): Promise<boolean | undefined> {
  await client.POST('${ST}', { body });
  const { data } = await client.GET('${ST}/{name}', { params: { path: { name: 'x' } } });
  const path = { namespace: 'shop', name: 'web' };
  await apps.PATCH('${DEPLOYMENTS}/{name}', { params: { path }, body: { spec: { replicas: 2 } } });
  const scale = await apps.GET('${DEPLOYMENTS}/{name}/scale', { params: { path } });
  return data?.spec?.unschedulable ?? scale.data?.spec.replicas === 2;
}
`;

t.test('a generated client creates, reads, lists, patches and deletes', async (t) => {
  const dir = t.testdir();
  const { app } = await testApp(t, { dataDir: join(dir, 'data') });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  const baseUrl = `http://127.0.0.1:${port}`;
  const headers = { authorization: `Bearer ${ADMIN_TOKEN}` };
  const generate = async (groupVersion: string, file: string) => {
    const document = await (await fetch(`${baseUrl}/openapi/v3/${groupVersion}`, { headers })).json();
    const source = astToString(await openapiTS(document));
    writeFileSync(join(dir, file), source);
    return source;
  };
  const workloadTypes = await generate('apis/workload.kcp.io/v1alpha1', 'workload.ts');
  const appsTypes = await generate('apis/apps/v1', 'apps.ts');
  t.match(workloadTypes, /readWorkloadKcpIoV1alpha1SyncTarget: \{/, 'operations by their ids');
  t.match(workloadTypes, /"io\.kcp\.workload\.v1alpha1\.SyncTarget": \{/, 'named types');
  t.match(appsTypes, /patchAppsV1NamespacedDeploymentScale: \{/);

  await t.test('the generated types compile, and calls through them type-check', async (t) => {
    writeFileSync(join(dir, 'calls.ts'), TYPED_CALLS);
    const program = ts.createProgram([join(dir, 'calls.ts')], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    t.same(problems, []);
  });

  // The types exist only at compile time; at run time the client is openapi-fetch itself.
  const client = createClient<any>({ baseUrl, headers });

  await t.test('a SyncTarget', async (t) => {
    const body = { apiVersion: 'workload.kcp.io/v1alpha1', kind: 'SyncTarget', metadata: { name: 'north' } };
    const created = await client.POST(ST, { body });
    t.equal(created.response.status, 201);
    t.equal(created.data.metadata.name, 'north');
    const path = { name: 'north' };
    const read = await client.GET(`${ST}/{name}`, { params: { path } });
    t.same(read.data.spec, { unschedulable: false });
    const listed = await client.GET(ST, { params: { query: { labelSelector: '' } } });
    t.same(
      listed.data.items.map((o: any) => o.metadata.name),
      ['north'],
    );
    const patch = { spec: { unschedulable: true } };
    const patched = await client.PATCH(`${ST}/{name}`, { params: { path }, body: patch, headers: MERGE_PATCH });
    t.equal(patched.response.status, 200);
    t.equal(patched.data.spec.unschedulable, true);
    const deleted = await client.DELETE(`${ST}/{name}`, { params: { path } });
    t.equal(deleted.response.status, 200);
    const gone = await client.GET(`${ST}/{name}`, { params: { path } });
    t.equal(gone.response.status, 404);
    t.match(gone.error, { kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404 });
  });

  await t.test('a Deployment, and a refusal as a Status', async (t) => {
    const labels = { app: 'web' };
    const body = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
      },
    };
    const namespace = { namespace: 'shop' };
    const created = await client.POST(DEPLOYMENTS, { params: { path: namespace }, body });
    t.equal(created.response.status, 201);
    const path = { ...namespace, name: 'web' };
    const read = await client.GET(`${DEPLOYMENTS}/{name}`, { params: { path } });
    t.equal(read.data.spec.template.spec.containers[0].image, 'nginx:1.27');
    const listed = await client.GET(DEPLOYMENTS, { params: { path: namespace } });
    t.same(
      listed.data.items.map((o: any) => o.metadata.name),
      ['web'],
    );
    const patch = { spec: { replicas: 3 } };
    const patched = await client.PATCH(`${DEPLOYMENTS}/{name}`, {
      params: { path },
      body: patch,
      headers: MERGE_PATCH,
    });
    t.equal(patched.data.spec.replicas, 3);
    const scale = await client.GET(`${DEPLOYMENTS}/{name}/scale`, { params: { path } });
    t.match(scale.data, { apiVersion: 'autoscaling/v1', kind: 'Scale', spec: { replicas: 3 } });
    const refused = await client.POST(DEPLOYMENTS, {
      params: { path: namespace },
      body: { ...body, metadata: { name: 'Bad_Name' } },
    });
    t.equal(refused.response.status, 422);
    t.match(refused.error, { apiVersion: 'v1', kind: 'Status', status: 'Failure', reason: 'Invalid', code: 422 });
    const deleted = await client.DELETE(`${DEPLOYMENTS}/{name}`, { params: { path } });
    t.equal(deleted.response.status, 200);
    const listedAfter = await client.GET(DEPLOYMENTS, { params: { path: namespace } });
    t.same(listedAfter.data.items, []);
  });
});
