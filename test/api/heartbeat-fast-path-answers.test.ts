// Heartbeats over a real connection. An ordinary one (its agent's cached token, a body the
// schema accepts) is answered before Fastify's request cycle with the route's effect, and a body
// sent again is not taken for unchanged once the status moved.
import t from 'tap';
import { ST_PATH, testApp } from '../helpers/app.js';
import { eventually, readTarget, targetWithToken } from '../helpers/agents.js';
import { REPORT, listening, metric } from './heartbeat-fast-path-setup.js';

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
