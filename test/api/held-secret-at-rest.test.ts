// A held target's copy of a Secret is stored sealed, as the Secret is, on both stores: with the
// Secret's Placement suspended before edge-1, a new value reaches edge-2 while edge-1's feed keeps
// the old one, and neither the stored rows nor the change feed hold the old value in the clear.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { ST_PATH, syncTarget, testApp } from '../helpers/app.js';
import { OBJECTS_FEED_PATH } from '../helpers/placed-objects.js';
import { kindPath } from '../helpers/kinds.js';
import { forEachStore, storeConfigFor } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';
import { PLACEMENT_PATH, createOk, heartbeat, placement } from '../helpers/workloads.js';

const SECRETS = kindPath('v1', 'secrets');
const OLD = 'held-old-value-7d2e41';
const NEW = 'fresh-new-value-93ab0c';
const b64 = (text: string) => Buffer.from(text).toString('base64');

function storedBytes(dataDir: string, databaseUrl: string | undefined): string {
  if (databaseUrl) return execFileSync('pg_dump', ['--data-only', databaseUrl], { encoding: 'utf8' });
  return ['tmc.db', 'tmc.db-wal']
    .map((f) => join(dataDir, f))
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f).toString('latin1'))
    .join('\n');
}

forEachStore(t, (t) => {
  t.test('the held copy of a Secret is sealed at rest', async (t) => {
    const dataDir = t.testdir();
    const app = await testApp(t, { dataDir });
    for (const name of ['edge-1', 'edge-2']) {
      await createOk(app, ST_PATH, syncTarget(name));
      await heartbeat(app, name);
    }
    await createOk(app, SECRETS, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db' },
      data: { pw: b64(OLD) },
    });
    const selectors = [{ apiVersion: 'v1', kind: 'Secret', names: ['db'] }];
    await createOk(
      app,
      PLACEMENT_PATH(),
      placement('p', { resourceSelectors: selectors, syncTargetNames: ['edge-1', 'edge-2'] }),
    );
    const value = async (target: string) =>
      (await app.call('GET', OBJECTS_FEED_PATH(target))).json.items.find((i: any) => i.kind === 'Secret')?.data.pw;
    await waitFor(async () => (await value('edge-1')) === b64(OLD) || undefined, 'the Secret on edge-1');

    await app.call('PATCH', `${PLACEMENT_PATH()}/p`, { spec: { suspendTargets: ['edge-1'] } });
    await waitFor(async () => {
      const entries = (await app.call('GET', `${SECRETS}/db`)).json.status?.syncTargets ?? [];
      return entries.some((e: any) => e.name === 'edge-1' && e.hold) || undefined;
    }, 'the hold on edge-1');
    await app.call('PATCH', `${SECRETS}/db`, { data: { pw: b64(NEW) } });
    await waitFor(async () => (await value('edge-2')) === b64(NEW) || undefined, 'the new value on edge-2');
    t.equal(await value('edge-1'), b64(OLD), 'edge-1 keeps the old value');

    const raw = (app.app.store as unknown as { inner: typeof app.app.store }).inner;
    const stored = await waitFor(async () => (await raw.list('HeldFeedItem')).items[0], 'the held copy stored');
    t.type(stored.encrypted, 'string', 'stored sealed');
    t.notOk('item' in stored, 'no item in the clear');
    const { databaseUrl } = await storeConfigFor(t, dataDir);
    const bytes = storedBytes(dataDir, databaseUrl);
    t.notOk(bytes.includes(OLD) || bytes.includes(b64(OLD)), 'the old value is nowhere in the clear');
  });
});
