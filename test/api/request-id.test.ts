// The request id a client sends is echoed only when it is short and plain; anything else is
// replaced by one the server makes up, on the heartbeat's fast path as on every route. And the
// HTTP forms agents may use keep working on both paths: Expect: 100-continue, HTTP/1.0.
import { connect } from 'node:net';
import t, { type Test } from 'tap';
import { ST_PATH, testApp } from '../helpers/app.js';
import { targetWithToken } from '../helpers/agents.js';
import { listen } from '../helpers/http.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UNSAFE = ['a b', '<script>alert(1)</script>', 'x'.repeat(129), 'caf\u00e9', 'a,b', '{"level":60}'];
const HEARTBEAT = `${ST_PATH}/edge-1/heartbeat`;
const ANSWERED = /HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\n\{"heartbeatIntervalSeconds":[0-9.]+,"serverTime":"[^"]+"\}$/;

async function heartbeatServer(t: Test) {
  const api = await testApp(t);
  let routeCalls = 0;
  api.app.addHook('onResponse', (request, _reply, done) => {
    if (request.routeOptions.url?.endsWith('/:name/heartbeat')) routeCalls++;
    done();
  });
  const http = await listen(api);
  const token = await targetWithToken(api, 'edge-1');
  // The first heartbeat of a new token is the route's; the token is cached from then on.
  t.equal((await http.send('POST', HEARTBEAT, '{}', { token })).statusCode, 200);
  return { api, http, token, routeCalls: () => routeCalls };
}

/** Sends raw HTTP and returns everything the server wrote until it closed the connection. */
function rawExchange(url: string, head: string, body: string, waitForContinue: boolean): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    let bodySent = !waitForContinue;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
      if (!bodySent && received.includes('100 Continue\r\n\r\n')) {
        bodySent = true;
        socket.write(body);
      }
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no answer; got so far: ${received}`)));
    socket.write(waitForContinue ? head : head + body);
  });
}

t.test('an unsafe x-request-id is replaced, on every route and on the heartbeat fast path', async (t) => {
  const { http, token, routeCalls } = await heartbeatServer(t);
  for (const id of UNSAFE) {
    for (const [what, answer] of [
      ['an admin route', await http.send('GET', ST_PATH, undefined, { headers: { 'x-request-id': id } })],
      ['a heartbeat', await http.send('POST', HEARTBEAT, '{}', { token, headers: { 'x-request-id': id } })],
    ] as const) {
      t.equal(answer.statusCode, 200, `${what}: ${answer.body.slice(0, 100)}`);
      const shown = JSON.stringify(id).slice(0, 40);
      t.match(answer.headers.get('x-request-id'), UUID, `${what}, ${shown}: one made up instead`);
    }
  }
  const calls = routeCalls();
  const safe = '0f8fad5b-d9cb-469f-a165-70867728950e';
  const echoed = await http.send('POST', HEARTBEAT, '{}', { token, headers: { 'x-request-id': safe } });
  t.equal(echoed.headers.get('x-request-id'), safe, 'a plain one is echoed');
  t.equal(routeCalls(), calls, 'by the fast path');
  const mine = await http.send('GET', ST_PATH, undefined, { headers: { 'x-request-id': 'trace:abc/1' } });
  t.equal(mine.headers.get('x-request-id'), 'trace:abc/1');
});

t.test('heartbeats with Expect: 100-continue and over HTTP/1.0 are answered by both paths', async (t) => {
  const { api, http, routeCalls } = await heartbeatServer(t);
  const body = '{"syncerVersion":"v1"}';
  const head = (version: string, token: string, target: string, extra: string) =>
    `POST ${ST_PATH}/${target}/heartbeat ${version}\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n${extra}\r\n`;
  const EXPECT = 'Expect: 100-continue\r\nConnection: close\r\n';
  const cases: [string, string, boolean][] = [
    // A new target each: its token's first heartbeat is the route's, the next the fast path's.
    ['Expect: 100-continue', head('HTTP/1.1', await targetWithToken(api, 'edge-2'), 'edge-2', EXPECT), true],
    ['HTTP/1.0', head('HTTP/1.0', await targetWithToken(api, 'edge-3'), 'edge-3', ''), false],
  ];
  for (const [title, request, waitForContinue] of cases) {
    for (const path of ['route', 'fast path']) {
      const calls = routeCalls();
      const answer = await rawExchange(http.url, request, body, waitForContinue);
      if (waitForContinue) t.match(answer, /^HTTP\/1\.1 100 Continue\r\n\r\n/, `${title}, ${path}: 100 Continue first`);
      t.match(answer, ANSWERED, `${title}, ${path}: 200 and the answer`);
      t.equal(routeCalls() - calls, path === 'route' ? 1 : 0, `${title}: answered by the ${path}`);
    }
  }
});
