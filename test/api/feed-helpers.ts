// The feed tests' world (targets a and b, a Placement on env=prod) and long polls held on it.
import { ST_PATH, syncTarget, testApp, type TestApp } from '../helpers/app.js';
import { FEED_PATH, PLACEMENT_PATH, createOk, feedNow, placement, waitersHeld } from '../helpers/workloads.js';

export const hold = (app: TestApp, target: string, rv: string, timeoutSeconds = 60) =>
  app.call('GET', `${FEED_PATH(target)}?resourceVersion=${rv}&timeoutSeconds=${timeoutSeconds}`);

/** Holds a long poll on `target`, runs `change`, and returns the answer it caused. */
export async function wakeBy(app: TestApp, target: string, change: () => Promise<unknown>) {
  const before = await feedNow(app, target);
  const held = hold(app, target, before.resourceVersion);
  await waitersHeld(app, 1);
  await change();
  const reply = await held;
  return { before, reply };
}

export async function world(t: Parameters<typeof testApp>[0]) {
  const app = await testApp(t);
  await createOk(app, ST_PATH, syncTarget('a', { env: 'prod' }));
  await createOk(app, ST_PATH, syncTarget('b', { env: 'dev' }));
  await createOk(app, PLACEMENT_PATH(), placement('prod', { syncTargetSelector: { matchLabels: { env: 'prod' } } }));
  return app;
}
