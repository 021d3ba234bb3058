// Listing: label selectors in both forms, paging with limit/continue, and bad list queries.
import t from 'tap';
import { ST_PATH, syncTarget, testApp } from '../helpers/app.js';

const names = (reply: { json: { items: { metadata: { name: string } }[] } }) =>
  reply.json.items.map((i) => i.metadata.name);

t.test('label selectors: equality, inequality, set-based, existence', async (t) => {
  const { call } = await testApp(t);
  await call('POST', ST_PATH, syncTarget('a', { env: 'prod', region: 'eu' }));
  await call('POST', ST_PATH, syncTarget('b', { env: 'prod', region: 'us', tier: 'canary' }));
  await call('POST', ST_PATH, syncTarget('c', { env: 'dev', region: 'ap' }));
  await call('POST', ST_PATH, syncTarget('d'));
  const cases: [string, string[]][] = [
    ['', ['a', 'b', 'c', 'd']],
    ['env=prod', ['a', 'b']],
    ['env==prod', ['a', 'b']],
    ['env!=prod', ['c', 'd']],
    ['env=prod,tier!=canary', ['a']],
    ['region in (eu,us)', ['a', 'b']],
    ['region notin (eu,us)', ['c', 'd']],
    ['tier', ['b']],
    ['!tier', ['a', 'c', 'd']],
    ['env=prod,region in (eu, ap),!tier', ['a']],
    ['env=staging', []],
  ];
  for (const [selector, expected] of cases) {
    const reply = await call('GET', `${ST_PATH}?labelSelector=${encodeURIComponent(selector)}`);
    t.equal(reply.statusCode, 200, selector);
    t.same(names(reply), expected, `labelSelector "${selector}"`);
  }
});

t.test('limit and continue page through a filtered list in name order', async (t) => {
  const { call } = await testApp(t);
  for (let i = 0; i < 7; i++) await call('POST', ST_PATH, syncTarget(`t${i}`, { keep: i % 3 === 0 ? 'no' : 'yes' }));
  const seen: string[] = [];
  let url = `${ST_PATH}?labelSelector=keep%3Dyes&limit=2`;
  for (let page = 0; page < 10; page++) {
    const reply = await call('GET', url);
    t.equal(reply.statusCode, 200);
    t.ok(reply.json.items.length <= 2);
    seen.push(...names(reply));
    const token = reply.json.metadata.continue;
    if (!token) break;
    url = `${ST_PATH}?labelSelector=keep%3Dyes&limit=2&continue=${encodeURIComponent(token)}`;
  }
  t.same(seen, ['t1', 't2', 't4', 't5']);
  const exact = await call('GET', `${ST_PATH}?limit=7`);
  t.equal(exact.json.items.length, 7);
  t.notOk(exact.json.metadata.continue, 'no continue token when nothing remains');
});

t.test('list answers a List object with the store resourceVersion', async (t) => {
  const { call } = await testApp(t);
  const created = await call('POST', ST_PATH, syncTarget('a'));
  const reply = await call('GET', ST_PATH);
  t.equal(reply.json.apiVersion, 'workload.kcp.io/v1alpha1');
  t.equal(reply.json.kind, 'SyncTargetList');
  t.equal(reply.json.metadata.resourceVersion, created.json.metadata.resourceVersion);
});

t.test('bad list queries are 400 BadRequest Status answers', async (t) => {
  const { call } = await testApp(t);
  const bad = [
    'labelSelector=env%3D%3D%3Dprod',
    'labelSelector=region%20in%20eu',
    'labelSelector=region%20in%20()',
    'labelSelector=a%3Db%20c',
    'labelSelector=bad%20key%3Dx',
    `labelSelector=${encodeURIComponent(`k=${'v'.repeat(64)}`)}`,
    'limit=0',
    'limit=abc',
    'limit=-3',
    'continue=not-a-token',
    `continue=${Buffer.from('{"x":1}').toString('base64url')}`,
  ];
  for (const query of bad) {
    const reply = await call('GET', `${ST_PATH}?${query}`);
    t.equal(reply.statusCode, 400, query);
    t.match(reply.json, { kind: 'Status', status: 'Failure', code: 400, reason: 'BadRequest' }, query);
    t.ok(reply.json.message.length > 10, `${query}: the message says what is wrong`);
  }
});
