// Two of the kcp mirror's behaviours, run by kcp-mirror.test.ts on its one app: objects it did not
// create are never touched while its own orphans are removed, and the write budget.
import type { Test } from 'tap';
import { ST_PATH } from '../helpers/app.js';
import { heartbeat, readTarget, sleep } from '../helpers/agents.js';
import { waitFor } from '../helpers/wait.js';
import { MANAGED, conditionIn, counter } from './kcp-env.js';
import { MIRROR_INTERVAL_MS, type MirrorWorld, RESYNC_MS } from './kcp-mirror-setup.js';

export function mirrorCases(t: Test, { kcp, api, create, mirrored }: MirrorWorld): void {
  t.test('an object the mirror did not create is never touched; its own orphans are removed', async (t) => {
    await kcp.remove('foreign-named'); // left over by an earlier run
    const taken = await kcp.create('foreign-named', { owner: 'someone-else' });
    const unrelated = await kcp.create('foreign-unrelated');
    const orphan = await kcp.create('mirror-orphan', MANAGED);
    t.teardown(() => Promise.all([kcp.remove('foreign-named'), kcp.remove('foreign-unrelated')]));
    await create('foreign-named', { env: 'prod' }, { unschedulable: true });
    const record = await waitFor(async () => {
      const current = await readTarget(api, 'foreign-named');
      return conditionIn(current, 'Mirrored')?.reason === 'NotOwned' && current;
    }, 'Mirrored=False NotOwned');
    t.match(conditionIn(record, 'Mirrored'), {
      status: 'False',
      message: /without the label app.kubernetes.io\/managed-by=tmc/,
    });
    await waitFor(async () => (await kcp.get('mirror-orphan')) === undefined, 'the orphan removed by a resync', 60_000);
    t.not(orphan.metadata.uid, undefined);
    t.equal((await api.call('DELETE', `${ST_PATH}/foreign-named`)).statusCode, 200);
    await sleep(3 * RESYNC_MS);
    t.equal(
      (await kcp.get('foreign-named'))?.metadata.resourceVersion,
      taken.metadata.resourceVersion,
      'the same-named object: unchanged, not deleted',
    );
    t.equal(
      (await kcp.get('foreign-unrelated'))?.metadata.resourceVersion,
      unrelated.metadata.resourceVersion,
      'an unrelated object: unchanged',
    );
    t.ok((await counter(api, 'tmc_kcp_mirror_errors_total', { reason: 'NotOwned' })) >= 1, 'counted as an error');
  });

  t.test(
    'write budget: heartbeats within the mirror interval cost one status write; a transition is written at once',
    async (t) => {
      const name = 'mirror-budget';
      const token = await create(name);
      await mirrored(name, (o) => conditionIn(o, 'Ready')?.reason === 'NoHeartbeat', 'NoHeartbeat');
      const writes = await kcp.watch(t, name);
      let beats = 0;
      let version = 'v1.34.0';
      let stop = false;
      // The agent: a heartbeat every 100 ms, far more often than the mirror may write.
      const agent = (async () => {
        while (!stop) {
          await heartbeat(api, name, token, { kubernetesVersion: version });
          beats++;
          await sleep(100);
        }
      })();
      t.teardown(async () => {
        stop = true;
        await agent;
      });
      await waitFor(() => writes.seen.length >= 1 && writes.seen[0], 'the Ready transition written');
      const readyAt = writes.seen[0]!.at;
      t.equal(conditionIn(writes.seen[0]!.object, 'Ready')?.status, 'True');
      await sleep(MIRROR_INTERVAL_MS / 2);
      t.equal(writes.seen.length, 1, `${beats} heartbeats in half an interval: no further write`);
      version = 'v1.34.1';
      const changedAt = Date.now();
      await waitFor(() => writes.seen.length >= 2, 'the transition written');
      t.equal(writes.seen[1]!.object.status?.kubernetesVersion, 'v1.34.1', 'the second write is the changed report');
      t.ok(writes.seen[1]!.at - changedAt < MIRROR_INTERVAL_MS / 2, 'written at once, not held back by the budget');
      t.ok(writes.seen[1]!.at - readyAt < MIRROR_INTERVAL_MS, 'while the budget of the first write was still running');
      const beatsBefore = beats;
      await waitFor(() => writes.seen.length >= 3, 'the heartbeat time written once the interval passed', 60_000);
      const third = writes.seen[2]!;
      // Times are when the watch events reached this process, which may lag the writes; without
      // a budget the next write would follow the next heartbeat, 100 ms later.
      t.ok(
        third.at - writes.seen[1]!.at >= MIRROR_INTERVAL_MS * 0.5,
        `${third.at - writes.seen[1]!.at} ms after the previous write`,
      );
      t.ok(beats - beatsBefore >= 10, `${beats - beatsBefore} heartbeats meanwhile, one write`);
      t.ok(
        Date.parse(third.object.status?.lastSyncerHeartbeatTime) >
          Date.parse(writes.seen[1]!.object.status?.lastSyncerHeartbeatTime),
        'a newer heartbeat time',
      );
      t.same(
        conditionIn(third.object, 'Ready'),
        conditionIn(writes.seen[1]!.object, 'Ready'),
        'nothing but the time moved',
      );
    },
  );
}
