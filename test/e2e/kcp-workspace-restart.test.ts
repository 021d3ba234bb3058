// The kcp mirror while a real kcp restarts: a kcp of this file's own (the run's kcp must not go
// away under the other files) with the mirror in root:org:team. kcp is stopped before the tmc
// server starts and again mid-test; the server keeps serving and stays ready, the records say
// why they are not mirrored, and the workspace converges to the store once kcp is back.
import t from 'tap';
import { goAvailable } from '../cluster/binaries.js';
import { e2eMode } from '../cluster/e2e-state.js';
import { kcpBinaryMissing } from '../cluster/kcp-binaries.js';
import { startKcp } from '../cluster/kcp-harness.js';
import { ST_PATH, type TestApp, syncTarget } from '../helpers/app.js';
import { heartbeat, issueToken, readTarget } from '../helpers/agents.js';
import { waitFor } from '../helpers/wait.js';
import { MANAGED, conditionIn, counter, kcpClient, mirrorApp } from './kcp-env.js';
import { clusterOf, kcpAdmin, scratchDir } from './kcp-workspaces.js';

const runnable = e2eMode() !== 'off' && (!kcpBinaryMissing() || (await goAvailable()));
if (!runnable && e2eMode() !== 'required') {
  t.plan(0, 'skipped: TMC_E2E=off, or no Go to build kcp');
} else {
  t.setTimeout(900_000);
  const kcp = await startKcp();
  t.teardown(() => kcp.stop());
  const admin = kcpAdmin(kcp.kubeconfigPath);
  const org = await admin.workspace('root', 'org', 'organization');
  const team = await admin.workspace(org.path, 'team', 'team');
  const kubeconfig = admin.kubeconfig(scratchDir(t), team.path);
  const objects = kcpClient(kubeconfig);
  // kcp is away before the tmc server starts: it must start and serve anyway.
  await kcp.stopKcp();
  const api = await mirrorApp(
    t,
    kubeconfig,
    { heartbeatThresholdMs: 900_000 },
    { resyncMs: 2_000, backoff: { baseMs: 200, maxMs: 2_000 } },
  );

  const create = async (name: string, labels?: Record<string, string>) => {
    const reply = await api.call('POST', ST_PATH, syncTarget(name, labels));
    if (reply.statusCode !== 201) throw new Error(`create ${name}: ${reply.statusCode} ${reply.body}`);
  };
  const mirroredCondition = (name: string, status: string) =>
    waitFor(
      async () => {
        const condition = conditionIn(await readTarget(api, name), 'Mirrored');
        return condition?.status === status && condition;
      },
      `${name}: Mirrored=${status}`,
      180_000,
    );
  const readyz = async (app: TestApp) => {
    const reply = await app.call('GET', '/readyz');
    return { code: reply.statusCode, mirror: reply.json.checks['kcp-mirror'] as string };
  };

  t.test('kcp down at start: the server serves, stays ready and says why nothing is mirrored', async (t) => {
    await create('restart-a', { env: 'prod' });
    await create('restart-b');
    t.equal((await mirroredCondition('restart-a', 'False')).reason, 'KcpUnreachable');
    const state = await readyz(api);
    t.equal(state.code, 200, "ready: a kcp outage must not take the agents' server away");
    t.match(state.mirror, /unreachable.*retrying, the server keeps serving/);
  });

  t.test('kcp back: the CRD is installed in root:org:team and every record mirrored', async (t) => {
    await kcp.startKcp();
    for (const name of ['restart-a', 'restart-b']) await mirroredCondition(name, 'True');
    const a = await objects.get('restart-a');
    t.match(a?.metadata.labels, { env: 'prod', ...MANAGED });
    t.equal(clusterOf(a), team.cluster);
    t.ok(await objects.get('restart-b'));
  });

  t.test('kcp restarted mid-test: changes made meanwhile converge, nothing is lost', async (t) => {
    const token = await issueToken(api, 'restart-a');
    await kcp.stopKcp();
    await create('restart-c');
    t.equal(
      (
        await api.call('PATCH', `${ST_PATH}/restart-a`, {
          metadata: { labels: { env: 'dev' } },
          spec: { unschedulable: true },
        })
      ).statusCode,
      200,
    );
    t.equal(
      (await heartbeat(api, 'restart-a', token, { syncerVersion: 'v9' })).statusCode,
      200,
      'agents keep heartbeating',
    );
    t.equal((await api.call('DELETE', `${ST_PATH}/restart-b`)).statusCode, 200);
    t.equal((await mirroredCondition('restart-c', 'False')).reason, 'KcpUnreachable');
    t.equal((await readyz(api)).code, 200);

    await kcp.startKcp();
    await mirroredCondition('restart-c', 'True');
    await mirroredCondition('restart-a', 'True');
    const a = await waitFor(
      async () => {
        const object = await objects.get('restart-a');
        return conditionIn(object, 'Ready')?.status === 'True' && object;
      },
      'restart-a Ready in kcp',
      180_000,
    );
    t.match(a.metadata.labels, { env: 'dev', ...MANAGED });
    t.same(a.spec, { unschedulable: true });
    t.equal(a.status?.syncerVersion, 'v9');
    t.ok(await objects.get('restart-c'));
    await waitFor(async () => (await objects.get('restart-b')) === undefined, 'restart-b deleted in kcp', 180_000);
    t.equal(await counter(api, 'tmc_kcp_mirror_up'), 1);
    t.match((await readyz(api)).mirror, /^mirroring into kcp at .*\/clusters\/root:org:team$/);
  });
}
