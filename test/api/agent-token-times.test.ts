// GET .../synctargets/{name}/tokens: the times of a target's agent tokens, on both stores.
// Admin only; times only, never a token or its hash.
import t from 'tap';
import { ST_PATH, syncTarget, testApp } from '../helpers/app.js';
import { issueToken, sha256Hex, sleep, targetWithToken } from '../helpers/agents.js';
import { forEachStore } from '../helpers/stores.js';

const HOUR = 3_600_000;

forEachStore(t, (t) => {
  t.test('an agent token gets 403, even for its own target', async (t) => {
    const api = await testApp(t);
    const token = await targetWithToken(api, 'edge-1');
    const reply = await api.call('GET', `${ST_PATH}/edge-1/tokens`, undefined, { token });
    t.equal(reply.statusCode, 403);
    t.match(reply.json, { kind: 'Status', reason: 'Forbidden' });
  });

  t.test('an unknown target is a 404 Status; a target with no token lists none', async (t) => {
    const api = await testApp(t);
    t.match((await api.call('GET', `${ST_PATH}/nope/tokens`)).json, { kind: 'Status', reason: 'NotFound' });
    await api.call('POST', ST_PATH, syncTarget('bare'));
    const reply = await api.call('GET', `${ST_PATH}/bare/tokens`);
    t.equal(reply.statusCode, 200);
    t.same(reply.json, { tokens: [] });
  });

  t.test('the admin sees times only; after a rotation with a grace there are two, the older expiring', async (t) => {
    const api = await testApp(t, { tokenGraceMs: HOUR });
    const before = Date.now();
    const older = await targetWithToken(api, 'edge-1');
    const one = await api.call('GET', `${ST_PATH}/edge-1/tokens`);
    t.equal(one.statusCode, 200);
    t.equal(one.headers['cache-control'], 'no-store');
    t.equal(one.json.tokens.length, 1);
    t.same(Object.keys(one.json.tokens[0]), ['issued'], 'no expiry before a rotation');
    t.ok(Date.parse(one.json.tokens[0].issued) >= before - 1);

    const rotatedAt = Date.now();
    const newer = await issueToken(api, 'edge-1');
    const two = await api.call('GET', `${ST_PATH}/edge-1/tokens`);
    t.equal(two.json.tokens.length, 2);
    const [first, second] = two.json.tokens;
    t.same(Object.keys(first).sort(), ['expires', 'issued']);
    t.ok(Date.parse(first.expires) >= rotatedAt + HOUR, 'the older one ends a grace period after the rotation');
    t.same(Object.keys(second), ['issued'], 'the newer one does not end');
    t.ok(Date.parse(second.issued) >= Date.parse(first.issued));
    for (const secret of [older, newer, sha256Hex(older), sha256Hex(newer)]) t.notOk(two.body.includes(secret));
  });

  t.test('a token whose grace has ended is no longer listed', async (t) => {
    const api = await testApp(t, { tokenGraceMs: 1 });
    await targetWithToken(api, 'edge-1');
    await issueToken(api, 'edge-1');
    await sleep(20); // past the 1 ms grace: the older token has ended
    t.equal((await api.call('GET', `${ST_PATH}/edge-1/tokens`)).json.tokens.length, 1);
  });
});
