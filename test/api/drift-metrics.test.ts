// The tmc_drifted_objects gauge: an agent's report of drift (driftPolicy DetectOnly) counts on
// its SyncTarget, a report without drift clears it, and a deleted object or SyncTarget leaves no
// label behind.
import t from 'tap';
import { ST_PATH, type TestApp, syncTarget, testApp } from '../helpers/app.js';
import { CORE_PATH, REPORT_PATH } from '../helpers/placed-objects.js';
import { forEachStore } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';
import { PLACEMENT_PATH, createOk, heartbeat, placement } from '../helpers/workloads.js';

const drifted = async (app: TestApp): Promise<Record<string, number>> => {
  const body = (await app.call('GET', '/metrics', undefined, { token: null })).body;
  const lines = [...body.matchAll(/^tmc_drifted_objects\{target="([^"]+)"\} (\d+)$/gm)];
  return Object.fromEntries(lines.map((m) => [m[1], Number(m[2])]));
};

const configMap = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1' } });
const report = (drift?: unknown[]) => ({
  observedGeneration: 1,
  state: 'Applied',
  health: { state: 'Healthy', reason: 'Exists' },
  status: {},
  ...(drift ? { drift } : {}),
});

forEachStore(t, (t) => {
  t.test('drifted objects per target follow the reports, the objects and the targets', async (t) => {
    const app = await testApp(t);
    for (const name of ['edge-1', 'edge-2']) {
      await createOk(app, ST_PATH, syncTarget(name));
      await heartbeat(app, name);
    }
    for (const name of ['one', 'two']) await createOk(app, CORE_PATH('configmaps'), configMap(name));
    const selector = [{ apiVersion: 'v1', kind: 'ConfigMap' }];
    const spec = { resourceSelectors: selector, syncTargetSelector: {}, driftPolicy: 'DetectOnly' };
    await createOk(app, PLACEMENT_PATH(), placement('watch', spec));
    await waitFor(async () => {
      const entries = await Promise.all(
        ['one', 'two'].map(async (n) => (await app.call('GET', `${CORE_PATH('configmaps')}/${n}`)).json.status),
      );
      return entries.every((s) => s?.syncTargets?.length === 2);
    }, 'both ConfigMaps placed on both targets');
    t.same(await drifted(app), { 'edge-1': 0, 'edge-2': 0 }, 'every target, none drifted');

    const token = (await app.call('POST', `${ST_PATH}/edge-1/tokens`)).json.token as string;
    const send = async (name: string, drift?: unknown[]) => {
      const put = await app.call('PUT', REPORT_PATH('edge-1', 'configmaps', 'default', name), report(drift), { token });
      t.equal(put.statusCode, 200, put.body);
    };
    const diff = [{ path: 'data.a', want: '"1"', have: '"2"' }];
    await send('one', diff);
    await send('two', diff);
    await waitFor(async () => (await drifted(app))['edge-1'] === 2, 'two drifted on edge-1');
    t.same(await drifted(app), { 'edge-1': 2, 'edge-2': 0 });

    await send('one');
    await waitFor(async () => (await drifted(app))['edge-1'] === 1, 'a report without drift clears it');

    const gone = await app.call('DELETE', `${CORE_PATH('configmaps')}/two`);
    t.equal(gone.statusCode, 200, gone.body);
    await waitFor(async () => (await drifted(app))['edge-1'] === 0, 'a deleted object no longer counts');

    await send('one', diff);
    await waitFor(async () => (await drifted(app))['edge-1'] === 1, 'drifted again');
    const deleted = await app.call('DELETE', `${ST_PATH}/edge-1`);
    t.equal(deleted.statusCode, 200, deleted.body);
    await waitFor(async () => !('edge-1' in (await drifted(app))), 'a deleted target leaves no label');
    t.same(await drifted(app), { 'edge-2': 0 });
  });
});
