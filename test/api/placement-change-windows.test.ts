// Change windows on both stores, with the scheduler's clock set by the test: a daily window from
// 00:00 to 01:00 UTC. Inside it the Deployment is delivered; past it a change waits (the entry
// held with reason OutsideChangeWindow, the condition naming the next opening); back inside the
// next day's window the change goes out. Cron run times themselves are unit-tested (hold-rules).
import t from 'tap';
import { ST_PATH, type TestApp, syncTarget, testApp } from '../helpers/app.js';
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

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const image = (feed: { items: any[] }) => feed.items[0]?.spec.template.spec.containers[0].image;
const entry = async (app: TestApp) =>
  (await app.call('GET', `${DEPLOY_PATH()}/web`)).json.status?.syncTargets?.find((e: any) => e.name === 'edge-1');
const condition = async (app: TestApp) =>
  (await app.call('GET', `${PLACEMENT_PATH()}/p`)).json.status?.conditions?.find((c: any) => c.type === 'Suspended');
const patchOk = async (app: TestApp, path: string, body: unknown) => {
  const reply = await app.call('PATCH', path, body);
  if (reply.statusCode !== 200) throw new Error(`PATCH ${path}: ${reply.statusCode} ${reply.body}`);
};

forEachStore(t, (t) => {
  t.test('changes pass inside the window and wait outside it', async (t) => {
    // The next midnight UTC, as the scheduler's clock sees it through an offset from real time
    // (heartbeats and readiness keep real time: the offset only moves the windows).
    const midnight = Math.ceil(Date.now() / DAY) * DAY;
    let at = midnight + 30 * 60_000;
    const offset = () => at - Date.now();
    const app = await testApp(t, {}, { clock: () => Date.now() + offset() });
    await createOk(app, ST_PATH, syncTarget('edge-1'));
    await heartbeat(app, 'edge-1');
    const web = deployment('web');
    await createOk(app, DEPLOY_PATH(), web);
    await createOk(
      app,
      PLACEMENT_PATH(),
      placement('p', { syncTargetNames: ['edge-1'], changeWindows: [{ schedule: '0 0 * * *', duration: '1h' }] }),
    );
    // The scheduler looks again when something changes; the test moves time, then touches the Placement.
    let touches = 0;
    const touch = () => patchOk(app, `${PLACEMENT_PATH()}/p`, { metadata: { labels: { touched: String(++touches) } } });

    await waitFor(async () => (await feedNow(app, 'edge-1')).items.length === 1 || undefined, 'web delivered');
    const open = await waitFor(condition.bind(null, app), 'the Suspended condition');
    t.match(open, {
      status: 'False',
      reason: 'InChangeWindow',
      message: `changes pass; the change window is open until ${new Date(midnight + HOUR).toISOString()}`,
    });

    at = midnight + 2 * HOUR;
    await touch();
    const held = await waitFor(async () => (await entry(app))?.hold, 'the hold past the window');
    t.match(held, { reason: 'OutsideChangeWindow', generation: 1 });
    const template = { spec: { containers: [{ name: 'main', image: 'nginx:1.28' }] } };
    await patchOk(app, `${DEPLOY_PATH()}/web`, { spec: { template } });
    const waiting = await waitFor(async () => {
      const c = await condition(app);
      return /generation 1 of 2/.test(c?.message ?? '') && c;
    }, 'the condition naming the change that waits');
    t.match(waiting, {
      status: 'True',
      reason: 'OutsideChangeWindow',
      message:
        'changes are held, waiting: Deployment web on edge-1 (keeps generation 1 of 2); ' +
        `the next change window opens at ${new Date(midnight + DAY).toISOString()}`,
    });
    t.equal(image(await feedNow(app, 'edge-1')), 'nginx:1.27', 'the feed keeps generation 1');

    at = midnight + DAY + 10 * 60_000;
    await touch();
    await waitFor(
      async () => image(await feedNow(app, 'edge-1')) === 'nginx:1.28' || undefined,
      'delivered in the window',
    );
    t.notOk((await entry(app))?.hold, 'the hold ended');
    t.match(await condition(app), { status: 'False', reason: 'InChangeWindow' });
  });
});
