// Heartbeats over a real connection. An ordinary one (its agent's cached token, a body the
// schema accepts) is answered before Fastify's request cycle; every other request goes to the
// route, and whichever path answers, a client sees what app.inject sees.
import type { Test } from 'tap';
import t from 'tap';
import { ADMIN_TOKEN, ST_PATH, type TestApp, storeSnapshot, testApp } from '../helpers/app.js';
import { eventually, readTarget, targetWithToken } from '../helpers/agents.js';

const REPORT = {
  syncerVersion: 'v0.3.1',
  kubernetesVersion: 'v1.33.2',
  capacity: { cpu: '8' },
  allocatable: { cpu: '7' },
};

interface Sent {
  path?: string;
  token?: string | null;
  contentType?: string | null;
  body?: string;
  headers?: Record<string, string>;
}

interface Listening {
  api: TestApp;
  /** Requests the heartbeat route saw: straight from the connection, or replayed into it. */
  routeCalls(): number;
  post(sent: Sent): Promise<{ statusCode: number; body: string; headers: Headers }>;
  inject(sent: Sent): Promise<{ statusCode: number; body: string }>;
}

function headersOf(sent: Sent): Record<string, string> {
  const headers: Record<string, string> = { ...sent.headers };
  if (sent.token !== null) headers.authorization = `Bearer ${sent.token ?? ADMIN_TOKEN}`;
  if (sent.contentType !== null) headers['content-type'] = sent.contentType ?? 'application/json';
  return headers;
}

async function listening(t: Test): Promise<Listening> {
  const api = await testApp(t, { heartbeatIntervalMs: 20_000 });
  let routeCalls = 0;
  // onResponse: it runs for every request the route answers, refused by the auth hook or not.
  api.app.addHook('onResponse', (request, _reply, done) => {
    if (request.routeOptions.url?.endsWith('/:name/heartbeat')) routeCalls++;
    done();
  });
  const url = await api.app.listen({ host: '127.0.0.1', port: 0 });
  return {
    api,
    routeCalls: () => routeCalls,
    post: async (sent) => {
      const response = await fetch(`${url}${sent.path ?? `${ST_PATH}/edge-1/heartbeat`}`, {
        method: 'POST',
        headers: headersOf(sent),
        body: sent.body,
      });
      return { statusCode: response.status, body: await response.text(), headers: response.headers };
    },
    inject: async (sent) => {
      const response = await api.app.inject({
        method: 'POST',
        url: sent.path ?? `${ST_PATH}/edge-1/heartbeat`,
        headers: headersOf(sent),
        payload: sent.body,
      });
      return { statusCode: response.statusCode, body: response.body };
    },
  };
}

async function metric(server: Listening, line: string): Promise<number> {
  const text = (await server.api.app.inject({ method: 'GET', url: '/metrics' })).body;
  const found = text.split('\n').find((l) => l.startsWith(line));
  return found ? Number(found.slice(line.length).trim()) : 0;
}

t.test(
  "an ordinary heartbeat is answered before the route, with the route's effect, answer, headers and metrics",
  async (t) => {
    const server = await listening(t);
    const token = await targetWithToken(server.api, 'edge-1');
    const first = await server.post({ token, body: JSON.stringify(REPORT) });
    t.equal(first.statusCode, 200, first.body);
    t.equal(server.routeCalls(), 1, 'a token just issued is not cached yet: the route reads it');

    const second = await server.post({
      token,
      body: JSON.stringify(REPORT),
      headers: { 'x-request-id': 'agent-chosen-id' },
    });
    t.equal(second.statusCode, 200, second.body);
    t.equal(server.routeCalls(), 1, 'the cached token and an accepted body: the route is not involved');
    t.same(Object.keys(JSON.parse(second.body)).sort(), ['heartbeatIntervalSeconds', 'serverTime']);
    t.equal(JSON.parse(second.body).heartbeatIntervalSeconds, 20);
    t.ok(Math.abs(Date.parse(JSON.parse(second.body).serverTime) - Date.now()) < 60_000);
    t.equal(second.headers.get('content-type'), first.headers.get('content-type'));
    t.equal(second.headers.get('x-request-id'), 'agent-chosen-id', 'the request id is echoed, as the route does');
    // The route makes one up to name its log lines; this path logs nothing and so sends none.
    t.equal(
      (await server.post({ token, body: '{}' })).headers.get('x-request-id'),
      null,
      'and none made up when the agent sends none',
    );
    t.equal(server.routeCalls(), 1);

    // A changed report is written at once, on this path too.
    const changed = await server.post({ token, body: JSON.stringify({ ...REPORT, syncerVersion: 'v0.4.0' }) });
    t.equal(changed.statusCode, 200);
    t.equal(server.routeCalls(), 1);
    t.equal((await readTarget(server.api, 'edge-1')).status.syncerVersion, 'v0.4.0');

    const heartbeats = 'tmc_agent_heartbeats_total{result=';
    t.equal(await metric(server, `${heartbeats}"persisted"}`), 2, 'the first heartbeat and the changed report');
    t.equal(await metric(server, `${heartbeats}"coalesced"}`), 2);
    const route = `tmc_http_requests_total{method="POST",route="${ST_PATH}/:name/heartbeat",status="200"}`;
    t.equal(await metric(server, route), 4, 'every answered heartbeat is counted by route and status');
    t.ok(
      (await metric(
        server,
        `tmc_http_request_duration_seconds_count{method="POST",route="${ST_PATH}/:name/heartbeat"}`,
      )) >= 4,
    );
  },
);

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

t.test(
  'a body sent again is not taken for unchanged once the status moved: A, B, A again, and after a timeout',
  async (t) => {
    const api = await testApp(t, { heartbeatIntervalMs: 300, heartbeatThresholdMs: 1_000 });
    const url = await api.app.listen({ host: '127.0.0.1', port: 0 });
    const token = await targetWithToken(api, 'edge-1');
    const send = async (report: object) => {
      const response = await fetch(`${url}${ST_PATH}/edge-1/heartbeat`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(report),
      });
      t.equal(response.status, 200, await response.text());
    };
    const a = { ...REPORT, syncerVersion: 'v-a' };
    const b = { ...REPORT, syncerVersion: 'v-b' };
    for (const report of [a, a, b, a]) await send(report);
    t.equal((await readTarget(api, 'edge-1')).status.syncerVersion, 'v-a', 'A after B is written again');

    const ready = async () =>
      (await readTarget(api, 'edge-1')).status.conditions.find((c: { type: string }) => c.type === 'Ready');
    await eventually(
      async () => ((await ready()).status === 'Unknown' ? true : undefined),
      'Ready=Unknown after the threshold',
    );
    await send(a);
    t.match(
      await ready(),
      { status: 'True', reason: 'HeartbeatHealthy' },
      'the same body after a timeout makes the target Ready at once',
    );
  },
);
