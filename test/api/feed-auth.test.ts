// Who may call the agent endpoints: an admin, or the agent token of that very SyncTarget.
// Anything else is 403; no or a bad token is 401.
import t from 'tap';
import { ST_PATH, syncTarget, testApp } from '../helpers/app.js';
import {
  DEPLOY_PATH,
  FEED_PATH,
  PLACEMENT_PATH,
  STATUS_PATH,
  createOk,
  deployment,
  placement,
  schedulerIdle,
  waitPlaced,
} from '../helpers/workloads.js';

const report = { observedGeneration: 1, state: 'Applied', status: { replicas: 1 } };

t.test("agent endpoints accept the target's own token and the admin, and refuse everyone else", async (t) => {
  const app = await testApp(t);
  for (const name of ['a', 'b']) await createOk(app, ST_PATH, syncTarget(name));
  await createOk(app, PLACEMENT_PATH(), placement('all', { syncTargetSelector: {} }));
  await createOk(app, DEPLOY_PATH(), deployment('web'));
  await waitPlaced(app, 'web', ['a', 'b']);
  const tokenOf = async (name: string) => (await app.call('POST', `${ST_PATH}/${name}/tokens`)).json.token as string;
  const tokenA = await tokenOf('a');
  const tokenB = await tokenOf('b');

  const allowed: [string, 'GET' | 'PUT', string, unknown, string | undefined][] = [
    ["a's feed with a's token", 'GET', FEED_PATH('a'), undefined, tokenA],
    ["a's status with a's token", 'PUT', STATUS_PATH('a', 'default', 'web'), report, tokenA],
    ["b's feed with the admin token", 'GET', FEED_PATH('b'), undefined, undefined],
    ["b's status with the admin token", 'PUT', STATUS_PATH('b', 'default', 'web'), report, undefined],
  ];
  for (const [title, method, url, body, token] of allowed) {
    const reply = await app.call(method, url, body, token ? { token } : {});
    t.equal(reply.statusCode, 200, title);
  }

  const refused: [string, 'GET' | 'PUT' | 'POST', string, unknown, string | null, number][] = [
    ["b's feed with a's token", 'GET', FEED_PATH('b'), undefined, tokenA, 403],
    ["b's status with a's token", 'PUT', STATUS_PATH('b', 'default', 'web'), report, tokenA, 403],
    ["a's status with b's token", 'PUT', STATUS_PATH('a', 'default', 'web'), report, tokenB, 403],
    ['the Deployment API with an agent token', 'GET', `${DEPLOY_PATH()}/web`, undefined, tokenA, 403],
    ['the Placement API with an agent token', 'GET', PLACEMENT_PATH(), undefined, tokenA, 403],
    ['creating a Deployment with an agent token', 'POST', DEPLOY_PATH(), deployment('sneaky'), tokenA, 403],
    ['the feed without a token', 'GET', FEED_PATH('a'), undefined, null, 401],
    ['a status report without a token', 'PUT', STATUS_PATH('a', 'default', 'web'), report, null, 401],
    ['the feed with a made-up token', 'GET', FEED_PATH('a'), undefined, 'not-a-token-at-all', 401],
  ];
  // The scheduler may still be writing after the placements above; refusals are checked after it.
  await schedulerIdle(app);
  const before = await app.app.store.currentResourceVersion();
  for (const [title, method, url, body, token, code] of refused) {
    const reply = await app.call(method, url, body, { token });
    t.equal(reply.statusCode, code, title);
    t.match(reply.json, { kind: 'Status', code, reason: code === 401 ? 'Unauthorized' : 'Forbidden' }, title);
  }
  t.equal(await app.app.store.currentResourceVersion(), before, 'no refused call wrote anything');
});
