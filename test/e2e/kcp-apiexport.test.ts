// The SyncTarget type the kcp way: tmc started with --kcp-api-export root:tmc:synctargets puts an
// APIResourceSchema and an APIExport into the provider workspace root:tmc and binds it into the
// workspace it mirrors into. Two tmc servers bind the one export into two workspaces: each
// workspace serves SyncTargets without a CRD of its own and holds only its own objects.
import t from 'tap';
import { e2eKcp } from '../cluster/kcp-e2e-env.js';
import { ST_PATH, syncTarget } from '../helpers/app.js';
import { heartbeat, issueToken, readTarget } from '../helpers/agents.js';
import { waitFor } from '../helpers/wait.js';
import { GROUP, MANAGED, conditionIn, kcpClient, mirrorApp } from './kcp-env.js';
import { clusterOf, findKubectl, kcpAdmin, kubectl, scratchDir } from './kcp-workspaces.js';

const APIS = { group: 'apis.kcp.io', version: 'v1alpha2' };
const kcp = e2eKcp(t);
if (kcp) {
  t.setTimeout(300_000);
  const admin = kcpAdmin(kcp.kubeconfigPath);
  const provider = await admin.workspace('root', 'tmc');
  const org = await admin.workspace('root', 'org', 'organization');
  const bound = await admin.workspace(org.path, 'bound', 'team');
  const bound2 = await admin.workspace(org.path, 'bound-too', 'team');
  const dir = scratchDir(t);
  const timings = { resyncMs: 1_500, backoff: { baseMs: 200, maxMs: 2_000 } };
  const config = { heartbeatIntervalMs: 500, heartbeatThresholdMs: 600_000, kcpApiExport: 'root:tmc:synctargets' };
  const api = await mirrorApp(t, admin.kubeconfig(dir, bound.path), { ...config, dataDir: scratchDir(t) }, timings);
  const boundKcp = kcpClient(admin.kubeconfig(dir, bound.path));

  const create = async (app: typeof api, name: string, labels?: Record<string, string>) => {
    const reply = await app.call('POST', ST_PATH, syncTarget(name, labels));
    if (reply.statusCode !== 201) throw new Error(`create ${name}: ${reply.body}`);
    return issueToken(app, name);
  };
  const mirrored = (app: typeof api, name: string) =>
    waitFor(
      async () => {
        const condition = conditionIn(await readTarget(app, name), 'Mirrored');
        return condition?.status === 'True' && condition;
      },
      `${name}: Mirrored=True`,
      90_000,
    );

  t.test('the schema and the export in root:tmc, the binding in root:org:bound, and no CRD', async (t) => {
    const token = await create(api, 'exported-a', { env: 'prod' });
    await mirrored(api, 'exported-a');
    const exported = (await admin
      .objects(provider.path)
      .getClusterCustomObject({ ...APIS, plural: 'apiexports', name: 'synctargets' })) as any;
    t.match(exported.metadata.labels, MANAGED);
    const resource = exported.spec.resources.find((r: { name: string }) => r.name === 'synctargets');
    t.match(resource, {
      group: 'workload.kcp.io',
      schema: /^v[0-9a-f]{12}\.synctargets\.workload\.kcp\.io$/,
      storage: { crd: {} },
    });
    const schema = (await admin.objects(provider.path).getClusterCustomObject({
      group: 'apis.kcp.io',
      version: 'v1alpha1',
      plural: 'apiresourceschemas',
      name: resource.schema,
    })) as any;
    t.match(schema.spec, { group: 'workload.kcp.io', scope: 'Cluster', names: { kind: 'SyncTarget' } });
    t.ok(schema.spec.versions[0].subresources.status, 'with the status subresource');

    const binding = (await admin
      .objects(bound.path)
      .getClusterCustomObject({ ...APIS, plural: 'apibindings', name: 'synctargets' })) as any;
    t.match(binding.spec.reference.export, { path: 'root:tmc', name: 'synctargets' });
    t.equal(binding.status.phase, 'Bound');
    const crds = (await admin.crds(bound.path).listCustomResourceDefinition()).items.map((c) => c.metadata?.name);
    t.notOk(crds.includes('synctargets.workload.kcp.io'), 'no CRD in the bound workspace');

    t.equal((await heartbeat(api, 'exported-a', token, { syncerVersion: 'v1' })).statusCode, 200);
    const object = await waitFor(
      async () => {
        const o = await boundKcp.get('exported-a');
        return conditionIn(o, 'Ready')?.status === 'True' && o;
      },
      'exported-a Ready=True in kcp',
      60_000,
    );
    t.match(object.metadata.labels, { env: 'prod', ...MANAGED });
    t.equal(object.status?.syncerVersion, 'v1', "status written through the bound type's status subresource");
    t.equal(clusterOf(object), bound.cluster, 'kcp.io/cluster as kcp returns it');
    t.match(
      (await api.call('GET', '/readyz')).json.checks['kcp-mirror'],
      /^mirroring into kcp at .*\/clusters\/root:org:bound$/,
    );
  });

  t.test('a second tmc binds the same export into its own workspace; each sees only its own objects', async (t) => {
    const other = await mirrorApp(
      t,
      admin.kubeconfig(dir, bound2.path),
      { ...config, dataDir: scratchDir(t) },
      timings,
    );
    const otherKcp = kcpClient(admin.kubeconfig(dir, bound2.path));
    await create(other, 'exported-b');
    await mirrored(other, 'exported-b');
    const names = async (client: typeof boundKcp) =>
      ((await client.objects.listClusterCustomObject(GROUP)) as { items: { metadata: { name: string } }[] }).items.map(
        (o) => o.metadata.name,
      );
    t.ok((await names(otherKcp)).includes('exported-b'));
    t.notOk((await names(otherKcp)).includes('exported-a'), "root:org:bound-too: not the other workspace's object");
    t.notOk((await names(boundKcp)).includes('exported-b'), "root:org:bound: not the other workspace's object");
    const exports = (await admin
      .objects(provider.path)
      .listClusterCustomObject({ ...APIS, plural: 'apiexports' })) as any;
    t.equal(exports.items.length, 1, 'one export serves both');
    t.equal((await other.call('DELETE', `${ST_PATH}/exported-b`)).statusCode, 200);
    await waitFor(async () => (await otherKcp.get('exported-b')) === undefined, 'exported-b gone', 60_000);
    t.ok(await boundKcp.get('exported-a'), 'the first workspace keeps its object');
  });

  const bin = await findKubectl();
  const noKubectl = bin ? false : 'no kubectl in the test cluster cache or on PATH';
  t.test('kubectl lists the bound SyncTargets at /clusters/root:org:bound', { skip: noKubectl }, async (t) => {
    const out = await kubectl(bin!, [
      '--kubeconfig',
      admin.kubeconfig(dir, 'root'),
      '--server',
      bound.server,
      'get',
      'synctargets',
      '-o',
      'name',
    ]);
    t.match(out, /synctarget\.workload\.kcp\.io\/exported-a/);
  });
}
