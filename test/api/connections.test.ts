// What a slow, idle or greedy client can make the server hold, over real connections: a body
// where none is taken is answered from the headers and never waited for; a request turned away
// by its headers gets no `100 Continue`; headers and bodies that take too long are cut off with
// 408; one address may hold only so many connections (429 with Retry-After after that). Plain
// HTTP/1.0 and `Expect: 100-continue` keep working.
import type { Test } from 'tap';
import t from 'tap';
import { ADMIN_TOKEN, ST_PATH, type TestApp, syncTarget, testApp } from '../helpers/app.js';
import { type RawConnection, head, openRaw } from '../helpers/raw-http.js';
import { waitFor } from '../helpers/wait.js';

const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };

async function listening(t: Test, config: Parameters<typeof testApp>[1] = {}): Promise<{ api: TestApp; url: string }> {
  const api = await testApp(t, config);
  const url = await api.app.listen({ host: '127.0.0.1', port: 0 });
  return { api, url };
}

/** How long the server took to close the connection, or undefined when it was still open after `withinMs`. */
async function closedByServer(connection: RawConnection, withinMs: number): Promise<number | undefined> {
  const started = Date.now();
  const timer = new Promise<false>((resolve) => setTimeout(() => resolve(false), withinMs));
  const closed = await Promise.race([connection.closed.then(() => true), timer]);
  return closed ? Date.now() - started : undefined;
}

t.test('a body where none is taken is answered from the headers, and the connection closed', async (t) => {
  const { url } = await listening(t);
  const bigBody = { 'content-type': 'application/json', 'content-length': 999_999 };
  const chunked = { 'content-type': 'application/json', 'transfer-encoding': 'chunked' };
  const partial = '{"partial';
  const cases: [string, string, string, Record<string, string | number>, string, number][] = [
    ['a POST to an operations path', 'POST', '/healthz', bigBody, partial, 404],
    ['a POST to no route at all', 'POST', '/nothing/here', bigBody, partial, 404],
    ['a GET with a body', 'GET', '/readyz', bigBody, partial, 400],
    ['a body without a token', 'POST', ST_PATH, bigBody, partial, 401],
    ['a chunked body without a token', 'POST', ST_PATH, chunked, `ffff\r\n${partial}`, 401],
  ];
  for (const [title, method, path, headers, sent, code] of cases) {
    const connection = openRaw(url, head(method, path, headers) + sent);
    const reply = await connection.replyWithin(5_000);
    t.equal(reply?.status, code, `${title}: ${reply?.body ?? 'no answer'}`);
    t.match(JSON.parse(reply?.body ?? '{}'), { kind: 'Status', code }, `${title}: a Status`);
    t.equal(reply?.headers.connection, 'close', `${title}: the answer closes the connection`);
    t.ok((await closedByServer(connection, 5_000)) !== undefined, `${title}: the server closes the connection`);
  }

  // Nothing changes for requests that send what the route takes: the connection is kept.
  const keptAlive = openRaw(url, head('GET', '/healthz', {}));
  t.equal((await keptAlive.reply)?.status, 200);
  t.equal((await keptAlive.reply)?.headers.connection, 'keep-alive');
  keptAlive.socket.destroy();
});

t.test('Expect: 100-continue: only an authorized request is asked for its body', async (t) => {
  const { api, url } = await listening(t);
  const body = JSON.stringify(syncTarget('edge-1'));
  const expecting = { 'content-type': 'application/json', 'content-length': body.length, expect: '100-continue' };

  const anonymous = openRaw(url, head('POST', ST_PATH, expecting));
  t.equal((await anonymous.replyWithin(5_000))?.status, 401);
  t.notOk(anonymous.continued(), 'no 100 Continue: the client never sends the body');

  const admin = openRaw(url, head('POST', ST_PATH, { ...expecting, authorization: ADMIN.authorization }));
  await waitFor(() => admin.continued() || admin.answered(), 'an answer to the headers');
  t.ok(admin.continued(), 'asked for the body');
  admin.socket.write(body);
  t.equal((await admin.reply)?.status, 201);
  admin.socket.destroy();
  t.equal((await api.call('GET', `${ST_PATH}/edge-1`)).statusCode, 200);
});

t.test('HTTP/1.0 requests are answered and their connection closed', async (t) => {
  const { url } = await listening(t);
  const get = openRaw(url, head('GET', '/healthz', {}, '1.0'));
  t.equal((await get.reply)?.status, 200);
  t.ok((await closedByServer(get, 5_000)) !== undefined, 'closed after the answer');
  const body = JSON.stringify(syncTarget('edge-10'));
  const post = openRaw(url, head('POST', ST_PATH, { ...ADMIN, 'content-length': body.length }, '1.0') + body);
  t.equal((await post.reply)?.status, 201);
  t.ok((await closedByServer(post, 5_000)) !== undefined, 'closed after the answer');
});

t.test('headers and bodies that take too long are cut off, and nothing is applied', async (t) => {
  const { api, url } = await listening(t, { headersTimeoutMs: 500, requestTimeoutMs: 1_000 });
  const bare = openRaw(url, '');
  const partialHeaders = openRaw(url, `POST ${ST_PATH} HTTP/1.1\r\nHost: tmc\r\n`);
  const body = JSON.stringify(syncTarget('slow'));
  const slowBody = openRaw(url, head('POST', ST_PATH, { ...ADMIN, 'content-length': body.length }) + body.slice(0, 10));
  // Node checks for overdue requests every quarter of the headers timeout here: well within these bounds.
  const bareClosed = (await closedByServer(bare, 5_000)) ?? 0;
  t.ok(bareClosed >= 400, 'a connection that sends nothing is closed after the headers timeout');
  const timedOut = await partialHeaders.replyWithin(5_000);
  t.equal(timedOut?.status, 408, 'headers that never end: 408');
  t.match(JSON.parse(timedOut?.body ?? '{}'), { kind: 'Status', code: 408, reason: 'Timeout' }, 'a Status');
  t.ok((await closedByServer(partialHeaders, 1_000)) !== undefined, 'and closed');
  t.equal((await slowBody.replyWithin(5_000))?.status, 408, 'a body that never ends: 408');
  t.ok((await closedByServer(slowBody, 1_000)) !== undefined, 'and closed');
  t.equal((await api.call('GET', `${ST_PATH}/slow`)).statusCode, 404, 'and nothing was created');
});

t.test('bytes that are not HTTP are answered with a Status too, and the connection closed', async (t) => {
  const { url } = await listening(t);
  const garbage = openRaw(url, 'HELLO THERE\r\n\r\n');
  const reply = await garbage.replyWithin(5_000);
  t.equal(reply?.status, 400);
  t.match(JSON.parse(reply?.body ?? '{}'), { kind: 'Status', code: 400, reason: 'BadRequest' });
  t.ok((await closedByServer(garbage, 5_000)) !== undefined, 'and closed');
});

t.test('one client address holds at most --max-connections-per-address connections', async (t) => {
  const { url } = await listening(t, { maxConnectionsPerAddress: 3 });
  const held = [0, 1, 2].map(() => openRaw(url, head('GET', '/healthz', {})));
  for (const connection of held) t.equal((await connection.reply)?.status, 200);

  const over = openRaw(url, head('POST', ST_PATH, { ...ADMIN, 'content-length': 999_999 }));
  const refused = await over.replyWithin(5_000);
  t.equal(refused?.status, 429);
  t.match(JSON.parse(refused?.body ?? '{}'), { kind: 'Status', code: 429, reason: 'TooManyRequests' });
  t.equal(refused?.headers['retry-after'], '1');
  t.equal(refused?.headers.connection, 'close');
  t.ok((await closedByServer(over, 5_000)) !== undefined, 'and closed');

  const elsewhere = openRaw(url, head('GET', '/healthz', {}), { localAddress: '127.0.0.2' });
  t.equal((await elsewhere.reply)?.status, 200, 'another address is not affected');
  elsewhere.socket.destroy();

  held[0]!.socket.destroy();
  await held[0]!.closed;
  const healthz = async () => (await openRaw(url, head('GET', '/healthz', { connection: 'close' })).reply)?.status;
  await waitFor(async () => (await healthz()) === 200, 'a connection once one of the three has closed', 5_000);
  for (const connection of held) connection.socket.destroy();
});
