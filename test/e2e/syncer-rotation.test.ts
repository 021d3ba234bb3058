// A rotated agent token reaches a running `tmc syncer` without a restart: `tmc token` writes the
// new token into the file the agent was started with, the server refuses the old one once the
// (here short) --token-grace has passed, and the agent goes on heartbeating, applying and
// reporting on the new one. Only the order of events is asserted, never how long a step took.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { request } from 'undici';
import { e2eCluster } from '../cluster/e2e-env.js';
import { ControlPlane, ST, downstream, startTargetSyncer, suffix, until, waitDownstream } from './syncer-helpers.js';

const cluster = e2eCluster(t);
if (cluster) {
  t.setTimeout(600_000);
  const ns = `sync-rot-${suffix()}`;
  const target = `rot-${suffix()}`;
  const { kc, core } = downstream(cluster.kubeconfigPath);
  t.teardown(() =>
    core.deleteNamespace({ name: ns }).then(
      () => undefined,
      () => undefined,
    ),
  );

  // A grace of seconds, not minutes, so the test can wait it out; heartbeats every second so one
  // made after the grace comes soon.
  const plane = await ControlPlane.start(t, { args: ['--token-grace', '5s', '--heartbeat-interval', '1s'] });
  const tokenFile = await plane.target(target, ns);
  const oldToken = readFileSync(tokenFile, 'utf8').trim();
  const syncer = startTargetSyncer(t, target, plane.url, tokenFile, cluster.kubeconfigPath);
  let exited = false;
  void syncer.exited.then(() => (exited = true));
  await syncer.ready();

  // The feed without a resourceVersion answers at once and changes nothing, unlike a heartbeat,
  // which would move the very heartbeat time this test watches.
  const feedStatus = async (token: string) => {
    const response = await request(`${plane.url}${ST}/${target}/deployments?timeoutSeconds=1`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await response.body.dump();
    return response.statusCode;
  };
  const heartbeatTime = async (): Promise<string | undefined> =>
    (await plane.ok('GET', `${ST}/${target}`)).status?.lastSyncerHeartbeatTime;

  await t.test('before the rotation the agent works on its first token', async (t) => {
    await plane.createDeployment(ns, 'before', 1);
    await waitDownstream(kc, ns, 'before', 'applied', (d) => d !== undefined);
    await until('before reported Applied', async () => (await plane.entry(ns, 'before', target))?.state === 'Applied');
    t.ok(await heartbeatTime(), 'heartbeated');
  });

  await t.test(
    'after rotation and grace the old token is refused and the agent carries on with the new one',
    async (t) => {
      const newToken = await plane.rotateToken(target, tokenFile);
      t.not(newToken, oldToken, 'a new token was written to the file');
      await syncer.logged(/"event":"token-reloaded"/);
      t.pass('the agent read the new token from its file');

      await until('the old token refused (grace over)', async () => (await feedStatus(oldToken)) === 401);
      t.pass('the old token is refused with 401 after the grace');
      // Any heartbeat later than this one was accepted after the old token stopped working.
      const afterGrace = await heartbeatTime();
      const later = await until('a heartbeat after the grace', async () => {
        const time = await heartbeatTime();
        return time !== undefined && afterGrace !== undefined && Date.parse(time) > Date.parse(afterGrace) && time;
      });
      t.ok(later, `heartbeat at ${later}, after ${afterGrace}`);
      const { json: st } = await plane.call('GET', `${ST}/${target}`);
      t.equal(
        st.status.conditions.find((c: { type: string }) => c.type === 'Ready').status,
        'True',
        'the target stays Ready',
      );

      await plane.createDeployment(ns, 'after', 1);
      await waitDownstream(kc, ns, 'after', 'applied', (d) => d !== undefined);
      await until('after reported Applied', async () => (await plane.entry(ns, 'after', target))?.state === 'Applied');
      t.pass('a Deployment created after the grace is applied downstream and reported upstream');
      t.notMatch(syncer.output(), /refused the agent token/, 'no request of the agent was ever refused');
      t.notOk(exited, 'the same agent process throughout: never restarted');
    },
  );
}
