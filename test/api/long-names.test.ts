// Names of the longest allowed length (253 characters; namespaces 63) work on every route:
// each kind's verbs and the agent routes. A path segment longer than any name, or one that is
// not valid percent-encoding, is answered with a Status too.
import t, { type Test } from 'tap';
import { ST_PATH, type TestApp, syncTarget, testApp } from '../helpers/app.js';
import { forEachStore } from '../helpers/stores.js';
import {
  DEPLOY_PATH,
  FEED_PATH,
  PLACEMENT_PATH,
  STATUS_PATH,
  createOk,
  deployment,
  feedShowing,
  heartbeat,
  placement,
  waitPlaced,
} from '../helpers/workloads.js';

/** A valid DNS-1123 subdomain of exactly `length` characters. */
const longName = (prefix: string, length: number): string => `${prefix}-${'x'.repeat(length - prefix.length - 2)}1`;

const TARGET = longName('edge', 253);
const NAMESPACE = longName('ns', 63);
const DEPLOYMENT = longName('web', 253);
const PLACEMENT = longName('all', 253);
/** What a refusal says, for a failed assertion's message. */
const why = (reply: { json: any }): string => reply.json?.message ?? '';

/** Each verb of one object's path, through a read, a replace, a merge patch and a delete. */
async function everyVerb(
  t: Test,
  api: TestApp,
  collection: string,
  name: string,
  body: Record<string, any>,
): Promise<void> {
  const item = `${collection}/${name}`;
  t.equal((await api.call('POST', collection, body)).statusCode, 201, `create ${name.length} characters`);
  let read = await api.call('GET', item);
  t.equal(read.statusCode, 200, `get: ${why(read)}`);
  t.equal(read.json.metadata.name, name);
  const replace = () =>
    api.call('PUT', item, {
      ...read.json,
      metadata: { ...read.json.metadata, labels: { ...read.json.metadata.labels, put: 'yes' } },
    });
  // A controller may write the status between the read and the replace (409): read again, as clients do.
  let replaced = await replace();
  for (let tries = 0; replaced.statusCode === 409 && tries < 10; tries++) {
    read = await api.call('GET', item);
    replaced = await replace();
  }
  t.equal(replaced.statusCode, 200, `replace: ${why(replaced)}`);
  const patched = await api.call('PATCH', item, { metadata: { labels: { patched: 'yes' } } });
  t.equal(patched.statusCode, 200, `patch: ${why(patched)}`);
  t.match(patched.json.metadata.labels, { put: 'yes', patched: 'yes' });
  t.ok(
    (await api.call('GET', collection)).json.items.some((i: any) => i.metadata.name === name),
    'listed',
  );
}

forEachStore(t, (t) => {
  t.test('a 253-character SyncTarget, Deployment and Placement in a 63-character namespace', async (t) => {
    const api = await testApp(t);
    await everyVerb(t, api, ST_PATH, TARGET, syncTarget(TARGET));
    const web = deployment('web');
    await everyVerb(t, api, DEPLOY_PATH(NAMESPACE), DEPLOYMENT, {
      ...web,
      metadata: { ...web.metadata, name: DEPLOYMENT },
    });
    await everyVerb(t, api, PLACEMENT_PATH(NAMESPACE), PLACEMENT, placement(PLACEMENT, { syncTargetNames: [TARGET] }));
    for (const path of [
      `${DEPLOY_PATH(NAMESPACE)}/${DEPLOYMENT}`,
      `${PLACEMENT_PATH(NAMESPACE)}/${PLACEMENT}`,
      `${ST_PATH}/${TARGET}`,
    ]) {
      t.equal((await api.call('DELETE', path)).statusCode, 200, `delete ${path.slice(0, 60)}...`);
    }
  });

  t.test('the agent routes of a 253-character SyncTarget', async (t) => {
    const api = await testApp(t);
    await createOk(api, ST_PATH, syncTarget(TARGET));
    const token = await api.call('POST', `${ST_PATH}/${TARGET}/tokens`);
    t.equal(token.statusCode, 201, `token: ${why(token)}`);
    const agent = { token: token.json.token as string };
    const beat = await api.call('POST', `${ST_PATH}/${TARGET}/heartbeat`, {}, agent);
    t.equal(beat.statusCode, 200, `heartbeat: ${why(beat)}`);
    await heartbeat(api, TARGET);

    await createOk(api, PLACEMENT_PATH(NAMESPACE), placement('all', { syncTargetNames: [TARGET] }));
    const web = deployment('web');
    await createOk(api, DEPLOY_PATH(NAMESPACE), { ...web, metadata: { ...web.metadata, name: DEPLOYMENT } });
    await waitPlaced(api, DEPLOYMENT, [TARGET], NAMESPACE);
    await feedShowing(api, TARGET, [`${NAMESPACE}/${DEPLOYMENT}`]);
    const feed = await api.call('GET', FEED_PATH(TARGET), undefined, agent);
    t.equal(feed.statusCode, 200, 'the feed, with the agent token');
    const report = { observedGeneration: 1, state: 'Applied', status: { replicas: 1, readyReplicas: 1 } };
    const status = await api.call('PUT', STATUS_PATH(TARGET, NAMESPACE, DEPLOYMENT), report, agent);
    t.equal(status.statusCode, 200, `status report: ${why(status)}`);
    t.match(status.json.status.syncTargets, [{ name: TARGET, state: 'Applied' }]);
  });

  t.test('longer names are simply not found; a path segment no name could fill is a 414 Status', async (t) => {
    const api = await testApp(t);
    const missing = await api.call('GET', `${ST_PATH}/${longName('edge', 254)}`);
    t.equal(missing.statusCode, 404);
    t.match(missing.json, { kind: 'Status', reason: 'NotFound' });

    const huge = await api.call('GET', `${ST_PATH}/${'x'.repeat(800)}`);
    t.equal(huge.statusCode, 414);
    t.match(huge.json, { apiVersion: 'v1', kind: 'Status', status: 'Failure', code: 414, reason: 'BadRequest' });
    t.match(huge.json.message, /at most 253 characters/);

    const badEscape = await api.call('GET', `${ST_PATH}/edge%E0%A4%A`);
    t.equal(badEscape.statusCode, 400);
    t.match(badEscape.json, { kind: 'Status', code: 400, reason: 'BadRequest' });
  });
});
