// Nesting depth: a body nesting deeper than 100 levels is refused before it is parsed (400),
// on every route; one at the limit is stored and works end to end: placed, fed to its agent,
// reported on, patched. (A spec kept as given used to be stored 3,000 levels deep, and each
// agent report for it then threw in the recursive comparison of the feed index.)
import t from 'tap';
import { ST_PATH, storeSnapshot, syncTarget, testApp } from '../helpers/app.js';
import { eventually, targetWithToken } from '../helpers/agents.js';
import { isStatus, listen } from '../helpers/http.js';
import { forEachStore } from '../helpers/stores.js';
import {
  DEPLOY_PATH,
  FEED_PATH,
  PLACEMENT_PATH,
  STATUS_PATH,
  createOk,
  deployment,
  placement,
  waitPlaced,
} from '../helpers/workloads.js';

/** `levels` objects, one in another: `{"a":{"a":1}}` is two. */
const nestedText = (levels: number): string => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

/** A Deployment whose body nests `depth` levels: the object and its spec are two of them. */
const deepDeployment = (name: string, depth: number): string =>
  JSON.stringify(deployment(name, {}, { x: 'HERE' })).replace('"HERE"', nestedText(depth - 2));

const REPORT = '{"observedGeneration":1,"state":"Applied","status":{"replicas":1}}';

forEachStore(t, (t) => {
  t.test('a body deeper than 100 levels is refused on every route, before parsing; nothing is written', async (t) => {
    const api = await testApp(t);
    const http = await listen(api);
    const token = await targetWithToken(api, 'edge-1');
    t.equal((await http.send('POST', `${ST_PATH}/edge-1/heartbeat`, '{}', { token })).statusCode, 200);
    const deepReport = REPORT.replace('{"replicas":1}', nestedText(100));
    const deepTarget = JSON.stringify(syncTarget('edge-1', {}, { x: 'HERE' })).replace('"HERE"', nestedText(99));
    const cases: [string, string, string, string | undefined][] = [
      ['a Deployment 101 levels deep', 'POST', DEPLOY_PATH(), deepDeployment('web', 101)],
      ['a Deployment 3,000 levels deep', 'POST', DEPLOY_PATH(), deepDeployment('web', 3000)],
      ['a Deployment 4,100 levels deep', 'POST', DEPLOY_PATH(), deepDeployment('web', 4100)],
      ['half a million brackets', 'POST', DEPLOY_PATH(), '['.repeat(500_000)],
      ['a merge patch', 'PATCH', `${ST_PATH}/edge-1`, `{"metadata":{"annotations":${nestedText(99)}}}`],
      ['a SyncTarget', 'PUT', `${ST_PATH}/edge-1`, deepTarget],
      ['a heartbeat', 'POST', `${ST_PATH}/edge-1/heartbeat`, `{"capacity":${nestedText(100)}}`],
      ['a status report', 'PUT', STATUS_PATH('edge-1', 'default', 'web'), deepReport],
    ];
    for (const [title, method, path, body] of cases) {
      const before = await storeSnapshot(api.app);
      // Twice: a heartbeat's second try meets the fast path (the token is cached by then).
      for (const attempt of [1, 2]) {
        const answer = await http.send(method, path, body, { token: path.includes('/heartbeat') ? token : undefined });
        isStatus(t, answer, 400, 'BadRequest', `${title} (${attempt})`);
        t.match(answer.json.message, /nests deeper than 100 levels/, `${title}: says why`);
      }
      t.equal(await storeSnapshot(api.app), before, `${title}: nothing was written`);
    }
  });

  t.test('a Deployment at the limit is stored, placed, fed, reported on and patched', async (t) => {
    const api = await testApp(t);
    const http = await listen(api);
    const token = await targetWithToken(api, 'edge-1');
    t.equal((await http.send('POST', `${ST_PATH}/edge-1/heartbeat`, '{}', { token })).statusCode, 200);
    await createOk(api, PLACEMENT_PATH(), placement('all', { syncTargetSelector: {} }));
    const created = await http.send('POST', DEPLOY_PATH(), deepDeployment('web', 100));
    t.equal(created.statusCode, 201, created.body.slice(0, 200));
    await waitPlaced(api, 'web', ['edge-1']);
    // The feed's index hears of the placement through the store's change feed: on PostgreSQL a
    // moment after the read above can show it. Asked until it has it, as an agent's polls would.
    const feed = await eventually(async () => {
      const reply = await http.send('GET', FEED_PATH('edge-1'), undefined, { token });
      return reply.statusCode === 200 && reply.json.items.length > 0 ? reply : undefined;
    }, 'the Deployment in the feed of edge-1');
    t.equal(feed.body.match(/\{"a":/g)?.length, 98, 'the agent gets the spec as it was given');
    for (const attempt of [1, 2]) {
      const reported = await http.send('PUT', STATUS_PATH('edge-1', 'default', 'web'), REPORT, { token });
      t.equal(reported.statusCode, 200, `report ${attempt}: ${reported.body.slice(0, 200)}`);
    }
    const patched = await http.send('PATCH', `${DEPLOY_PATH()}/web`, '{"metadata":{"labels":{"tier":"front"}}}');
    t.equal(patched.statusCode, 200, patched.body.slice(0, 200));
    const next = `${FEED_PATH('edge-1')}?resourceVersion=${feed.json.resourceVersion}&timeoutSeconds=5`;
    const refeed = await http.send('GET', next, undefined, { token });
    t.equal(refeed.statusCode, 200, 'the label change reaches the feed: the feed index compared the deep spec');
    t.equal(refeed.json.items[0].metadata.labels.tier, 'front');
  });
});
