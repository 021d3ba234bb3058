// The whole path over HTTPS: the server serves the certificate of the CA it made itself in
// <data-dir>/pki, and the syncer trusts it through --ca-file. A syncer that cannot verify the
// server (no CA, another CA) sends it nothing — not even its token — and says what to do.
import { join } from 'node:path';
import t from 'tap';
import { e2eCluster } from '../cluster/e2e-env.js';
import { makeCa } from '../cli/cli-helpers.js';
import { ControlPlane, ST, downstream, startSyncer, suffix, until, waitDownstream } from './syncer-helpers.js';

const cluster = e2eCluster(t);
if (cluster) {
  t.setTimeout(600_000);
  // Everything inside one subtest: tap ends a root test that sits idle with teardowns pending,
  // and the set-up below awaits processes at length.
  await t.test('over HTTPS', async (t) => {
    const ns = `sync-tls-${suffix()}`;
    const [trusted, refused] = [`tls-${suffix()}`, `tls-refused-${suffix()}`];
    const { kc, core } = downstream(cluster.kubeconfigPath);
    t.teardown(() =>
      core.deleteNamespace({ name: ns }).then(
        () => undefined,
        () => undefined,
      ),
    );

    const dir = t.testdir({ other: {} });
    const otherCa = makeCa(join(dir, 'other'));
    const plane = await ControlPlane.start(t, { ownPki: true });
    const ca = { caCert: plane.caFile };
    t.match(plane.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const tokenFile = await plane.target(trusted, ns);
    const refusedToken = await plane.target(refused, ns);
    const common = ['--server', plane.url, '--kubeconfig', cluster.kubeconfigPath];
    const good = startSyncer(t, [
      '--sync-target-name',
      trusted,
      '--token-file',
      tokenFile,
      '--ca-file',
      ca.caCert,
      ...common,
    ]);
    const noCa = startSyncer(t, ['--sync-target-name', refused, '--token-file', refusedToken, ...common]);
    const wrongCa = startSyncer(t, [
      '--sync-target-name',
      refused,
      '--token-file',
      refusedToken,
      '--ca-file',
      otherCa.caCert,
      ...common,
    ]);

    await t.test('with --ca-file the syncer heartbeats, applies and reports over HTTPS', async (t) => {
      await good.ready();
      await plane.createDeployment(ns, 'secure', 1);
      await waitDownstream(kc, ns, 'secure', 'available', (d) => d?.status?.availableReplicas === 1);
      await until('secure reported Applied over HTTPS', async () => {
        const e = await plane.entry(ns, 'secure', trusted);
        return e?.state === 'Applied' && e.availableReplicas === 1;
      });
      const { json } = await plane.call('GET', `${ST}/${trusted}`);
      t.equal(json.status.conditions.find((c: { type: string }) => c.type === 'Ready').status, 'True');
    });

    await t.test('a server it cannot verify is refused, with the fix in the message', async (t) => {
      for (const [syncer, what] of [
        [noCa, 'without --ca-file'],
        [wrongCa, 'with the wrong CA'],
      ] as const) {
        await syncer.logged(
          /"event":"heartbeat-failed".*cannot verify the TLS certificate of https:\/\/127\.0\.0\.1:\d+ .*pass --ca-file/,
        );
        await syncer.logged(/"event":"feed-failed".*cannot verify the TLS certificate/);
        t.pass(`${what}: refused and explained`);
      }
      const { json } = await plane.call('GET', `${ST}/${refused}`);
      t.equal(json.status?.lastSyncerHeartbeatTime, undefined, 'no heartbeat ever reached the server');
      t.equal(json.status.conditions.find((c: { type: string }) => c.type === 'Ready').reason, 'NoHeartbeat');
      t.notOk(
        noCa.output().includes('"event":"apply"') || wrongCa.output().includes('"event":"apply"'),
        'nothing applied from a server it could not verify',
      );
    });
  });
}
