// Heartbeats over a real connection that the fast path leaves to the route: refusals, empty POSTs,
// admin tokens, escaped names and deleted targets; a client sees what app.inject sees.
import t from 'tap';
import { ST_PATH, storeSnapshot } from '../helpers/app.js';
import { targetWithToken } from '../helpers/agents.js';
import { type Sent, listening } from './heartbeat-fast-path-setup.js';

t.test(
  'whatever the route would refuse gets the same answer over a connection as through inject, and writes nothing',
  async (t) => {
    const server = await listening(t);
    const token = await targetWithToken(server.api, 'edge-1');
    const other = await targetWithToken(server.api, 'edge-2');
    await server.post({ token, body: '{}' });
    await server.post({ token: other, path: `${ST_PATH}/edge-2/heartbeat`, body: '{}' });
    const refusals: [string, Sent, number][] = [
      ['a value the schema refuses', { token, body: JSON.stringify({ capacity: { cpu: 'lots' } }) }, 422],
      [
        'a condition only the server sets',
        { token, body: JSON.stringify({ conditions: [{ type: 'Ready', status: 'True' }] }) },
        422,
      ],
      [
        'a condition type twice',
        {
          token,
          body: JSON.stringify({
            conditions: [
              { type: 'A', status: 'True' },
              { type: 'A', status: 'False' },
            ],
          }),
        },
        422,
      ],
      ['a body that is not an object', { token, body: '[1]' }, 400],
      ['a body that is not JSON', { token, body: '{"syncerVersion":' }, 400],
      ['a prototype-poisoning body', { token, body: '{"__proto__":{"polluted":true}}' }, 400],
      [
        'a poisoning key spelled with an escape',
        { token, body: '{"capacity":{"\\u005f_proto__":"1","cpu":"2"}}' },
        400,
      ],
      ['a constructor key spelled with an escape', { token, body: '{"\\u0063onstructor":{"prototype":{"x":1}}}' }, 400],
      ['a content type other than JSON', { token, contentType: 'text/plain', body: '{}' }, 415],
      ["another target's token", { token: other, body: '{}' }, 403],
      ["its own token on another target's path", { token, path: `${ST_PATH}/edge-2/heartbeat`, body: '{}' }, 403],
      ['a garbage token', { token: 'tmc-agent-garbage', body: '{}' }, 401],
      ['no token', { token: null, body: '{}' }, 401],
      ['a target that does not exist', { path: `${ST_PATH}/nowhere/heartbeat`, body: '{}' }, 404],
    ];
    for (const [title, sent, code] of refusals) {
      const before = await storeSnapshot(server.api.app);
      const calls = server.routeCalls();
      const overHttp = await server.post(sent);
      t.equal(overHttp.statusCode, code, `${title}: ${overHttp.body}`);
      t.match(JSON.parse(overHttp.body), { kind: 'Status', code }, `${title}: a Status`);
      t.equal(server.routeCalls(), calls + 1, `${title}: the route answered`);
      const injected = await server.inject(sent);
      t.same(
        [overHttp.statusCode, overHttp.body],
        [injected.statusCode, injected.body],
        `${title}: the answer inject gets`,
      );
      t.equal(await storeSnapshot(server.api.app), before, `${title}: nothing written`);
    }
  },
);

t.test(
  'heartbeats the route accepts but the fast path leaves alone: an empty POST, an admin token, an escaped name',
  async (t) => {
    const server = await listening(t);
    const token = await targetWithToken(server.api, 'edge-1');
    await server.post({ token, body: '{}' });
    const cases: [string, Sent][] = [
      ['no body at all', { token, contentType: null }],
      ['an admin token', { body: '{}' }],
      ['a percent-escaped name', { token, path: `${ST_PATH}/edge%2D1/heartbeat`, body: '{}' }],
      ['JSON with a charset', { token, contentType: 'application/json; charset=utf-8', body: '{}' }],
    ];
    for (const [title, sent] of cases) {
      const calls = server.routeCalls();
      const reply = await server.post(sent);
      t.equal(reply.statusCode, 200, `${title}: ${reply.body}`);
      // A charset on JSON is still ordinary: only that case skips the route.
      t.equal(
        server.routeCalls(),
        title.startsWith('JSON') ? calls : calls + 1,
        `${title}: answered by ${title.startsWith('JSON') ? 'the fast path' : 'the route'}`,
      );
    }
  },
);

t.test("a deleted target's agent is turned away over a connection as through inject", async (t) => {
  const server = await listening(t);
  const token = await targetWithToken(server.api, 'edge-1');
  t.equal((await server.post({ token, body: '{}' })).statusCode, 200);
  t.equal((await server.post({ token, body: '{}' })).statusCode, 200, 'the token is cached now');
  t.equal((await server.api.call('DELETE', `${ST_PATH}/edge-1`)).statusCode, 200);
  const reply = await server.post({ token, body: '{}' });
  t.equal(reply.statusCode, 401, reply.body);
  t.same(JSON.parse(reply.body), JSON.parse((await server.inject({ token, body: '{}' })).body));
});
