// A heartbeat right after this server timed a target out, while the SyncTarget index has not yet
// taken in that write: the target must turn Ready at once, not at the monitor's next pass.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import t from 'tap';
import { prepareCreate } from '../../../src/api/resources/object-lifecycle.js';
import { syncTargetResource } from '../../../src/api/resources/synctargets.js';
import { Heartbeats } from '../../../src/heartbeat/heartbeats.js';
import { SyncTargetIndex } from '../../../src/heartbeat/target-index.js';
import { SharedInformers } from '../../../src/runtime/shared-informers.js';
import { SYNC_TARGET_KIND } from '../../../src/schemas/synctarget.js';
import { SqliteStore } from '../../../src/store/sqlite/sqlite.js';
import { conditionOf } from '../../helpers/agents.js';

const THRESHOLD = 200;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const readyOf = (object: any) => conditionOf(object, 'Ready');

t.test('a heartbeat after a timeout this server wrote turns the target Ready, whatever the index says', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tmc-stale-index-'));
  const store = new SqliteStore(join(dir, 'tmc.db'));
  t.teardown(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await store.migrate();
  const body = { apiVersion: 'workload.kcp.io/v1alpha1', kind: 'SyncTarget', metadata: { name: 'edge-1' } };
  const { uid } = (await store.create(prepareCreate(syncTargetResource, body, undefined))).metadata;
  const informers = new SharedInformers(store, [SYNC_TARGET_KIND]);
  await informers.start();
  t.teardown(() => informers.stop());
  const index = new SyncTargetIndex(informers);
  await index.start();
  const heartbeats = new Heartbeats(store, index, THRESHOLD, pino({ level: 'silent' }));

  t.equal(await heartbeats.receive('edge-1', {}), 'persisted');
  while (readyOf(index.get('edge-1'))?.status !== 'True') await sleep(10);
  // The index as it was while Ready, kept: the timeout below never reaches it.
  const readySummary = index.get('edge-1')!;
  const stale = new Heartbeats(
    store,
    { get: () => readySummary } as unknown as SyncTargetIndex,
    THRESHOLD,
    pino({ level: 'silent' }),
  );
  await sleep(2 * THRESHOLD);

  const timedOut = await stale.writeStatus('edge-1', uid!);
  t.equal(readyOf(timedOut)?.status, 'Unknown', 'the monitor writes the timeout');
  t.equal(await stale.receive('edge-1', {}), 'persisted', 'the next heartbeat is written, not coalesced');
  const back = await store.get({ kind: SYNC_TARGET_KIND, namespace: '', name: 'edge-1' });
  t.equal(readyOf(back)?.status, 'True', 'and the stored target is Ready again');
  t.equal(await stale.receive('edge-1', {}), 'coalesced', 'after which heartbeats only move a time again');
});
