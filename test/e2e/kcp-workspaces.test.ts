// The kcp mirror against a real kcp, in a workspace tree made through kcp's Workspace API:
// root:org (an organization) with root:org:team and root:org:sibling (teams). One tmc server
// mirrors into root:org:team (its kubeconfig's server is .../clusters/root:org:team), another
// into root:org:sibling; the SyncTarget type comes from the CRD tmc installs in each workspace.
import t from 'tap';
import { e2eKcp } from '../cluster/kcp-e2e-env.js';
import { ST_PATH, syncTarget } from '../helpers/app.js';
import { heartbeat, issueToken, readTarget } from '../helpers/agents.js';
import { waitFor } from '../helpers/wait.js';
import { GROUP, MANAGED, conditionIn, kcpClient, mirrorApp } from './kcp-env.js';
import { clusterOf, findKubectl, kcpAdmin, kubectl, scratchDir } from './kcp-workspaces.js';

const RESYNC_MS = 1_500;
const kcp = e2eKcp(t);
if (kcp) {
  t.setTimeout(300_000);
  const admin = kcpAdmin(kcp.kubeconfigPath);
  const org = await admin.workspace('root', 'org', 'organization');
  const team = await admin.workspace(org.path, 'team', 'team');
  const sibling = await admin.workspace(org.path, 'sibling', 'team');
  const dir = scratchDir(t);
  const teamKcp = kcpClient(admin.kubeconfig(dir, team.path));
  const siblingKcp = kcpClient(admin.kubeconfig(dir, sibling.path));
  const timings = { resyncMs: RESYNC_MS, backoff: { baseMs: 200, maxMs: 2_000 } };
  const config = { heartbeatIntervalMs: 500, heartbeatThresholdMs: 3_000, kcpHeartbeatMirrorIntervalMs: 8_000 };
  const teamApi = await mirrorApp(t, admin.kubeconfig(dir, team.path), { ...config, dataDir: scratchDir(t) }, timings);
  const siblingApi = await mirrorApp(
    t,
    admin.kubeconfig(dir, sibling.path),
    { ...config, dataDir: scratchDir(t) },
    timings,
  );
  const create = async (
    api: typeof teamApi,
    name: string,
    labels?: Record<string, string>,
    spec?: Record<string, unknown>,
  ) => {
    const reply = await api.call('POST', ST_PATH, syncTarget(name, labels, spec));
    if (reply.statusCode !== 201) throw new Error(`create ${name}: ${reply.body}`);
    return issueToken(api, name);
  };
  const inKcp = (client: typeof teamKcp, name: string, check: (o: any) => boolean, what: string) =>
    waitFor(
      async () => {
        const object = await client.get(name);
        return object && check(object) ? object : undefined;
      },
      `${name} in kcp: ${what}`,
      60_000,
    );

  t.test('the workspaces are logical clusters of their own; tmc installed its CRD in each', async (t) => {
    t.not(team.cluster, sibling.cluster);
    const logical = (await admin.objects(team.path).getClusterCustomObject({
      group: 'core.kcp.io',
      version: 'v1alpha1',
      plural: 'logicalclusters',
      name: 'cluster',
    })) as { metadata: { annotations?: Record<string, string> }; status?: { phase?: string } };
    t.equal(logical.metadata.annotations?.['kcp.io/path'], 'root:org:team');
    t.equal(logical.status?.phase, 'Ready');
    for (const ws of [team, sibling]) {
      const crd = await waitFor(
        async () =>
          (await admin.crds(ws.path).listCustomResourceDefinition()).items.find(
            (c) => c.metadata?.name === 'synctargets.workload.kcp.io',
          ),
        `the CRD in ${ws.path}`,
        60_000,
      );
      t.equal(crd.spec.scope, 'Cluster', `${ws.path}: the CRD`);
    }
    const inOrg = (await admin.crds(org.path).listCustomResourceDefinition()).items.map((c) => c.metadata?.name);
    t.notOk(inOrg.includes('synctargets.workload.kcp.io'), 'nothing installed in the parent workspace');
    t.match(
      (await teamApi.call('GET', '/readyz')).json.checks['kcp-mirror'],
      /^mirroring into kcp at https:\/\/127\.0\.0\.1:\d+\/clusters\/root:org:team$/,
    );
  });

  t.test(
    'a target created, changed, heartbeated, timed out and deleted in tmc: the same in root:org:team',
    async (t) => {
      const token = await create(teamApi, 'ws-life', { env: 'prod' }, { unschedulable: true });
      const created = await inKcp(
        teamKcp,
        'ws-life',
        (o) => conditionIn(o, 'Ready')?.reason === 'NoHeartbeat',
        'with status',
      );
      t.match(created.metadata.labels, { env: 'prod', ...MANAGED });
      t.same(created.spec, { unschedulable: true });
      t.equal(clusterOf(created), team.cluster, 'kcp.io/cluster as kcp returns it');
      await waitFor(
        async () => conditionIn(await readTarget(teamApi, 'ws-life'), 'Mirrored')?.status === 'True',
        'Mirrored=True',
      );

      const writes = await teamKcp.watch(t, 'ws-life');
      t.equal((await heartbeat(teamApi, 'ws-life', token, { kubernetesVersion: 'v1.35.1' })).statusCode, 200);
      const readyOf = (i: number) => conditionIn(writes.seen[i]?.object, 'Ready');
      await waitFor(
        () => writes.seen.findIndex((_, i) => readyOf(i)?.status === 'Unknown') > 0,
        'Ready=True, then Ready=Unknown',
        60_000,
      );
      const ready = writes.seen.find((_, i) => readyOf(i)?.status === 'True')!;
      t.equal(
        ready.object.status?.kubernetesVersion,
        'v1.35.1',
        'heartbeat: Ready=True through the status subresource',
      );
      t.match(
        conditionIn(writes.seen.at(-1)!.object, 'Ready'),
        { status: 'Unknown', reason: 'HeartbeatTimeout' },
        'timed out',
      );

      t.equal(
        (
          await teamApi.call('PATCH', `${ST_PATH}/ws-life`, {
            metadata: { labels: { env: 'dev' } },
            spec: { unschedulable: false },
          })
        ).statusCode,
        200,
      );
      const changed = await inKcp(teamKcp, 'ws-life', (o) => o.metadata.labels?.env === 'dev', 'relabelled');
      t.same(changed.spec, { unschedulable: false });

      t.equal((await teamApi.call('DELETE', `${ST_PATH}/ws-life`)).statusCode, 200);
      await waitFor(async () => (await teamKcp.get('ws-life')) === undefined, 'ws-life gone from kcp', 60_000);
      t.pass('deleted in kcp');
    },
  );

  t.test("two tmc servers in sibling workspaces never see each other's objects", async (t) => {
    await create(teamApi, 'only-in-team');
    await create(siblingApi, 'only-in-sibling');
    const a = await inKcp(teamKcp, 'only-in-team', () => true, 'exists');
    const b = await inKcp(siblingKcp, 'only-in-sibling', () => true, 'exists');
    t.equal(clusterOf(a), team.cluster);
    t.equal(clusterOf(b), sibling.cluster);
    // Several resyncs: neither mirror takes the other's object for an orphan of its own.
    await new Promise((resolve) => setTimeout(resolve, 4 * RESYNC_MS));
    const names = async (client: typeof teamKcp) =>
      ((await client.objects.listClusterCustomObject(GROUP)) as { items: { metadata: { name: string } }[] }).items.map(
        (o) => o.metadata.name,
      );
    t.notOk((await names(teamKcp)).includes('only-in-sibling'), 'root:org:team lists no object of the sibling');
    t.notOk((await names(siblingKcp)).includes('only-in-team'), 'root:org:sibling lists no object of the team');
    t.ok(await teamKcp.get('only-in-team'), 'still there after resyncs');
    t.ok(await siblingKcp.get('only-in-sibling'), 'still there after resyncs');
    t.equal(
      (await teamApi.call('GET', `${ST_PATH}/only-in-sibling`)).statusCode,
      404,
      "and neither tmc took the other's in",
    );
  });

  const bin = await findKubectl();
  const noKubectl = bin ? false : 'no kubectl in the test cluster cache or on PATH';
  t.test(
    'kubectl against kcp shows the mirrored objects at /clusters/root:org:team',
    { skip: noKubectl },
    async (t) => {
      await create(teamApi, 'seen-by-kubectl', { env: 'prod' });
      await inKcp(teamKcp, 'seen-by-kubectl', (o) => conditionIn(o, 'Ready') !== undefined, 'with status');
      const kubeconfig = admin.kubeconfig(dir, 'root');
      const out = await kubectl(bin!, [
        '--kubeconfig',
        kubeconfig,
        '--server',
        team.server,
        'get',
        'synctargets',
        '-o',
        'json',
      ]);
      const items = (
        JSON.parse(out) as { items: { metadata: { name: string; annotations?: Record<string, string> } }[] }
      ).items;
      const object = items.find((o) => o.metadata.name === 'seen-by-kubectl');
      t.equal(clusterOf(object), team.cluster);
      const table = await kubectl(bin!, [
        '--kubeconfig',
        kubeconfig,
        '--server',
        sibling.server,
        'get',
        'synctargets',
        '-o',
        'name',
      ]);
      t.notOk(table.includes('seen-by-kubectl'), 'not in the sibling workspace');
    },
  );
}
