// The kcp mirror while kcp is away: a kube-apiserver of this file's own (etcd + apiserver only)
// is stopped and started again. The tmc server keeps serving and stays ready, the records say
// why they are not mirrored, and kcp converges to the store once it is back.
import t from 'tap';
import { e2eMode } from '../cluster/e2e-state.js';
import { type RestartableApiserver, startRestartableApiserver } from '../cluster/restartable-apiserver.js';
import { goAvailable, missingBinaries } from '../cluster/binaries.js';
import { ST_PATH, type TestApp, syncTarget } from '../helpers/app.js';
import { heartbeat, issueToken, readTarget } from '../helpers/agents.js';
import { waitFor } from '../helpers/wait.js';
import { MANAGED, conditionIn, counter, kcpClient, mirrorApp } from './kcp-env.js';

const runnable = e2eMode() !== 'off' && (missingBinaries().length === 0 || (await goAvailable()));
if (!runnable && e2eMode() !== 'required') {
  t.plan(0, 'skipped: TMC_E2E=off, or no Go to build kube-apiserver');
} else {
  t.setTimeout(600_000);
  const apiserver: RestartableApiserver = await startRestartableApiserver();
  t.teardown(() => apiserver.stop());
  const kcp = kcpClient(apiserver.kubeconfigPath);
  // The apiserver is away before the tmc server starts: it must start and serve anyway.
  await apiserver.stopApiserver();
  // A long threshold: the one heartbeat below must keep its target Ready however long the restart takes.
  const api = await mirrorApp(
    t,
    apiserver.kubeconfigPath,
    { heartbeatThresholdMs: 600_000 },
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
      120_000,
    );
  const readyz = async (app: TestApp) => {
    const reply = await app.call('GET', '/readyz');
    return { code: reply.statusCode, mirror: reply.json.checks['kcp-mirror'] as string };
  };

  t.test('kcp down at start: the server serves, stays ready and says why nothing is mirrored', async (t) => {
    await create('restart-a', { env: 'prod' });
    await create('restart-b');
    const condition = await mirroredCondition('restart-a', 'False');
    t.equal(condition.reason, 'KcpUnreachable');
    const state = await readyz(api);
    t.equal(state.code, 200, "ready: a kcp outage must not take the agents' server away");
    t.match(state.mirror, /unreachable.*retrying, the server keeps serving/);
    t.ok((await counter(api, 'tmc_kcp_mirror_errors_total', { reason: 'KcpUnreachable' })) > 0);
  });

  t.test('kcp back: the CRD is installed and every record mirrored', async (t) => {
    await apiserver.startApiserver();
    for (const name of ['restart-a', 'restart-b']) await mirroredCondition(name, 'True');
    t.match((await kcp.get('restart-a'))?.metadata.labels, { env: 'prod', ...MANAGED });
    t.ok(await kcp.get('restart-b'));
    t.match((await readyz(api)).mirror, /^mirroring into kcp at/);
  });

  t.test('kcp restarted: changes made meanwhile converge, nothing is lost', async (t) => {
    const token = await issueToken(api, 'restart-a');
    await apiserver.stopApiserver();
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

    await apiserver.startApiserver();
    await mirroredCondition('restart-c', 'True');
    await mirroredCondition('restart-a', 'True');
    const a = await waitFor(
      async () => {
        const object = await kcp.get('restart-a');
        return conditionIn(object, 'Ready')?.status === 'True' && object;
      },
      'restart-a Ready in kcp',
      120_000,
    );
    t.match(a.metadata.labels, { env: 'dev', ...MANAGED });
    t.same(a.spec, { unschedulable: true });
    t.equal(a.status?.syncerVersion, 'v9');
    t.ok(await kcp.get('restart-c'));
    await waitFor(async () => (await kcp.get('restart-b')) === undefined, 'restart-b deleted in kcp', 120_000);
    t.equal(await counter(api, 'tmc_kcp_mirror_up'), 1);
    // The lag is live (the oldest change not yet in kcp): it reaches 0 once the delete's answer is in.
    await waitFor(async () => (await counter(api, 'tmc_kcp_mirror_lag_seconds')) === 0, 'no change left behind');
    t.pass('no change left behind');
  });
}
