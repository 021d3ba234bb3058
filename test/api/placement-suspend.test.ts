// Suspending a Placement for one of its targets, on both stores: the suspended target's feed
// keeps the Deployment as last delivered (generation 1) while the other target gets the new
// image; an object placed meanwhile is not delivered there; the entry and the Placement's
// Suspended condition say what waits; a restart holds the same copy (it is stored); resuming
// delivers everything. Bad suspend and window settings are refused, nothing written.
import t, { type Test } from 'tap';
import { ST_PATH, type TestApp, expectRefusals, syncTarget, testApp } from '../helpers/app.js';
import { forEachStore } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';
import {
  DEPLOY_PATH,
  PLACEMENT_PATH,
  createOk,
  deployment,
  feedNow,
  heartbeat,
  placement,
} from '../helpers/workloads.js';

const image = (item: any) => item?.spec.template.spec.containers[0].image;
const feedImages = async (app: TestApp, target: string) =>
  Object.fromEntries((await feedNow(app, target)).items.map((d) => [d.metadata.name, image(d)]));
const suspended = async (app: TestApp) =>
  (await app.call('GET', `${PLACEMENT_PATH()}/p`)).json.status?.conditions?.find((c: any) => c.type === 'Suspended');
const entry = async (app: TestApp, name: string, target: string) =>
  (await app.call('GET', `${DEPLOY_PATH()}/${name}`)).json.status?.syncTargets?.find((e: any) => e.name === target);
const patch = async (app: TestApp, path: string, body: unknown) => {
  const reply = await app.call('PATCH', path, body);
  if (reply.statusCode !== 200) throw new Error(`PATCH ${path}: ${reply.statusCode} ${reply.body}`);
};
const withImage = (name: string, to: string) =>
  deployment(
    name,
    {},
    { template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image: to }] } } },
  );

async function setUp(t: Test, dataDir: string): Promise<TestApp> {
  const app = await testApp(t, { dataDir });
  for (const name of ['edge-1', 'edge-2']) {
    await createOk(app, ST_PATH, syncTarget(name));
    await heartbeat(app, name);
  }
  await createOk(app, DEPLOY_PATH(), withImage('web', 'web:1'));
  await createOk(app, PLACEMENT_PATH(), placement('p', { syncTargetNames: ['edge-1', 'edge-2'] }));
  await waitFor(async () => (await feedImages(app, 'edge-1')).web === 'web:1' || undefined, 'web delivered to edge-1');
  return app;
}

forEachStore(t, (t) => {
  t.test('a suspended target keeps what it got until resumed, across a restart', async (t) => {
    const dataDir = t.testdir();
    const app = await setUp(t, dataDir);
    await patch(app, `${PLACEMENT_PATH()}/p`, { spec: { suspendTargets: ['edge-1'] } });
    const held = await waitFor(async () => (await entry(app, 'web', 'edge-1'))?.hold, 'the hold on edge-1');
    t.match(held, { reason: 'Suspended', generation: 1 });
    t.notOk((await entry(app, 'web', 'edge-2'))?.hold, 'edge-2 is not held');

    await patch(app, `${DEPLOY_PATH()}/web`, {
      spec: { template: { spec: { containers: [{ name: 'main', image: 'web:2' }] } } },
    });
    await createOk(app, DEPLOY_PATH(), withImage('api', 'api:1'));
    await waitFor(async () => {
      const two = await feedImages(app, 'edge-2');
      return (two.web === 'web:2' && two.api === 'api:1') || undefined;
    }, 'the changes on edge-2');
    const condition = await waitFor(async () => {
      const c = await suspended(app);
      return /api on edge-1/.test(c?.message ?? '') && /generation 1 of 2/.test(c?.message ?? '') && c;
    }, 'the Suspended condition naming what waits');
    t.match(condition, { status: 'True', reason: 'Suspended' });
    t.equal(
      condition.message,
      'changes are held before edge-1, waiting: Deployment api on edge-1 (not delivered yet); ' +
        'Deployment web on edge-1 (keeps generation 1 of 2)',
    );
    t.same(await feedImages(app, 'edge-1'), { web: 'web:1' }, 'edge-1 keeps web:1 and has no api yet');
    t.match(await entry(app, 'api', 'edge-1'), { hold: { reason: 'Suspended' } });
    t.notOk((await entry(app, 'api', 'edge-1')).hold.generation, 'api was never delivered there');

    await app.app.close();
    const again = await testApp(t, { dataDir });
    t.same(await feedImages(again, 'edge-1'), { web: 'web:1' }, 'after a restart edge-1 still keeps web:1');

    await patch(again, `${PLACEMENT_PATH()}/p`, { spec: { suspendTargets: null } });
    await waitFor(async () => {
      const one = await feedImages(again, 'edge-1');
      return (one.web === 'web:2' && one.api === 'api:1') || undefined;
    }, 'the changes on edge-1 once resumed');
    t.notOk((await entry(again, 'web', 'edge-1'))?.hold, 'no hold left');
    await waitFor(async () => (await suspended(again)) === undefined || undefined, 'the condition gone');
  });

  t.test('suspend: true holds every target of the Placement', async (t) => {
    const app = await setUp(t, t.testdir());
    await patch(app, `${PLACEMENT_PATH()}/p`, { spec: { suspend: true } });
    await waitFor(async () => (await suspended(app))?.status === 'True' || undefined, 'Suspended True');
    await waitFor(async () => (await entry(app, 'web', 'edge-2'))?.hold, 'the hold on edge-2');
    await patch(app, `${DEPLOY_PATH()}/web`, { spec: { replicas: 3 } });
    await waitFor(
      async () => /generation 1 of 2.*edge-2/.test((await suspended(app))?.message ?? '') || undefined,
      'both wait',
    );
    for (const target of ['edge-1', 'edge-2']) {
      t.equal((await feedNow(app, target)).items[0].spec.replicas, 1, `${target} keeps generation 1`);
    }
    await patch(app, `${PLACEMENT_PATH()}/p`, { spec: { suspend: false } });
    await waitFor(async () => (await feedNow(app, 'edge-2')).items[0].spec.replicas === 3 || undefined, 'released');
    await waitFor(
      async () => (await suspended(app)) === undefined || undefined,
      'no condition without any hold setting',
    );
  });

  t.test('bad suspend targets and change windows are refused, nothing written', async (t) => {
    const app = await testApp(t);
    const bad = (title: string, spec: Record<string, unknown>, field: string) => ({
      title,
      body: placement('bad', { syncTargetNames: ['edge-1'], ...spec }),
      code: 422,
      reason: 'Invalid',
      causes: [field],
    });
    const window = (w: Record<string, unknown>) => ({
      changeWindows: [{ schedule: '0 22 * * *', duration: '2h', ...w }],
    });
    await expectRefusals(t, app, { method: 'POST', url: PLACEMENT_PATH() }, [
      bad('a duplicate target', { suspendTargets: ['a', 'a'] }, 'spec.suspendTargets[1]'),
      bad('a bad target name', { suspendTargets: ['Not_A_Name'] }, 'spec.suspendTargets[0]'),
      bad('six fields', window({ schedule: '0 0 22 * * *' }), 'spec.changeWindows[0].schedule'),
      bad('@every', window({ schedule: '@every 1h' }), 'spec.changeWindows[0].schedule'),
      bad('no unit', window({ duration: '60' }), 'spec.changeWindows[0].duration'),
      bad('too short', window({ duration: '30s' }), 'spec.changeWindows[0].duration'),
      bad('too long', window({ duration: '200h' }), 'spec.changeWindows[0].duration'),
      bad('an unknown zone', window({ timeZone: 'Mars/Olympus' }), 'spec.changeWindows[0].timeZone'),
      { ...bad('not a boolean', { suspend: 'yes' }, 'spec.suspend'), code: 422 },
    ]);
  });
});
