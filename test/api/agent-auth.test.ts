// Who may call what: an agent token only reaches its own target's agent endpoints; garbage,
// unknown and missing tokens are 401; every refusal is a Status and changes nothing.
import t from 'tap';
import { ST_PATH, storeSnapshot, syncTarget, testApp } from '../helpers/app.js';
import { heartbeat, readTarget, targetWithToken } from '../helpers/agents.js';

t.test('an agent token is refused (403) everywhere but its own heartbeat, and changes nothing', async (t) => {
  const api = await testApp(t);
  const token = await targetWithToken(api, 'edge-a');
  await targetWithToken(api, 'edge-b');
  const before = await storeSnapshot(api.app);
  const read = await readTarget(api, 'edge-a');
  const attempts: [string, string, unknown?][] = [
    ['POST', `${ST_PATH}/edge-b/heartbeat`, {}],
    ['GET', ST_PATH],
    ['GET', `${ST_PATH}/edge-a`],
    ['POST', ST_PATH, syncTarget('edge-c')],
    ['PUT', `${ST_PATH}/edge-a`, { ...read, spec: { unschedulable: true } }],
    ['PATCH', `${ST_PATH}/edge-a`, { spec: { unschedulable: true } }],
    ['DELETE', `${ST_PATH}/edge-a`],
    ['POST', `${ST_PATH}/edge-a/tokens`],
    ['POST', `${ST_PATH}/edge-b/tokens`],
    ['DELETE', `${ST_PATH}/edge-b`],
  ];
  for (const [method, url, body] of attempts) {
    const reply = await api.call(method as never, url, body, { token });
    t.equal(reply.statusCode, 403, `${method} ${url}`);
    t.match(reply.json, { apiVersion: 'v1', kind: 'Status', status: 'Failure', code: 403, reason: 'Forbidden' });
    t.match(reply.json.message, /edge-a/, "the message names the token's target");
  }
  t.equal(await storeSnapshot(api.app), before, 'nothing changed');
  t.equal((await heartbeat(api, 'edge-a', token)).statusCode, 200, 'its own heartbeat is accepted');
});

t.test('garbage, unknown, malformed and missing tokens are 401 on agent and admin routes alike', async (t) => {
  const api = await testApp(t);
  const token = await targetWithToken(api, 'edge-a');
  const before = await storeSnapshot(api.app);
  const unknown = `tmcagent_${'A'.repeat(43)}`;
  const headers: [string, Record<string, string>][] = [
    ['garbage', { authorization: 'Bearer garbage' }],
    ['an unknown token of the agent shape', { authorization: `Bearer ${unknown}` }],
    [
      'a token with one character changed',
      { authorization: `Bearer ${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}` },
    ],
    ['a Basic credential', { authorization: `Basic ${Buffer.from(`x:${token}`).toString('base64')}` }],
    ['an empty bearer', { authorization: 'Bearer ' }],
    ['no header', {}],
  ];
  for (const [what, header] of headers) {
    for (const [method, url] of [
      ['POST', `${ST_PATH}/edge-a/heartbeat`],
      ['GET', ST_PATH],
      ['POST', `${ST_PATH}/edge-a/tokens`],
    ] as const) {
      const reply = await api.app.inject({
        method,
        url,
        headers: { ...header, 'content-type': 'application/json' },
        payload: method === 'POST' ? '{}' : undefined,
      });
      t.equal(reply.statusCode, 401, `${what}: ${method} ${url}`);
      t.match(reply.json(), { kind: 'Status', code: 401, reason: 'Unauthorized' });
    }
  }
  t.equal(await storeSnapshot(api.app), before);
  t.notOk((await readTarget(api, 'edge-a')).status.lastSyncerHeartbeatTime, 'no heartbeat was recorded');
});

t.test('an admin token may heartbeat for any target; a target that does not exist is 404', async (t) => {
  const api = await testApp(t);
  await api.call('POST', ST_PATH, syncTarget('edge-a'));
  t.equal((await api.call('POST', `${ST_PATH}/edge-a/heartbeat`, {})).statusCode, 200);
  const missing = await api.call('POST', `${ST_PATH}/nope/heartbeat`, {});
  t.equal(missing.statusCode, 404);
  t.match(missing.json, { kind: 'Status', reason: 'NotFound', message: /"nope" not found/ });
});

t.test('an agent token asking about a target that does not exist is 403, not 404: it learns nothing', async (t) => {
  const api = await testApp(t);
  const token = await targetWithToken(api, 'edge-a');
  const reply = await heartbeat(api, 'nope', token);
  t.equal(reply.statusCode, 403);
});
