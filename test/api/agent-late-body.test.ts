// An agent request is authorized by its headers, but applied when its body has arrived, which a
// slow client may make many seconds later. Whatever changed meanwhile counts: a token that has
// expired, or a SyncTarget deleted and re-created under the same name (a new uid the token was
// never issued for), turns the late body away with 401 and writes nothing. Over real HTTP, on
// the route and on the heartbeat fast path, with `Expect: 100-continue` marking the moment the
// server accepted the headers.
import type { Test } from 'tap';
import t from 'tap';
import { ST_PATH, type TestApp, syncTarget, testApp } from '../helpers/app.js';
import { issueToken, readTarget, sleep, targetWithToken } from '../helpers/agents.js';
import { type RawConnection, head, openRaw } from '../helpers/raw-http.js';
import { forEachStore } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';
import {
  DEPLOY_PATH,
  PLACEMENT_PATH,
  STATUS_PATH,
  createOk,
  deployment,
  entriesOf,
  heartbeat,
  placement,
  waitPlaced,
} from '../helpers/workloads.js';

const LATE = JSON.stringify({ syncerVersion: 'v-late' });
const beatPath = (name: string) => `${ST_PATH}/${name}/heartbeat`;

async function listening(t: Test, config: Parameters<typeof testApp>[1] = {}): Promise<{ api: TestApp; url: string }> {
  const api = await testApp(t, config);
  const url = await api.app.listen({ host: '127.0.0.1', port: 0 });
  return { api, url };
}

/** Sends the headers and the first half of `body`, and waits until the server asks for the rest. */
async function startSlow(url: string, method: string, path: string, token: string, body: string) {
  const headers = {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    expect: '100-continue',
  };
  const connection = openRaw(url, head(method, path, headers));
  await waitFor(() => connection.continued() || connection.answered(), 'the server to accept the headers');
  if (connection.answered()) throw new Error(`answered before the body: ${JSON.stringify(await connection.reply)}`);
  connection.socket.write(body.slice(0, body.length >> 1));
  return connection;
}

async function finish(connection: RawConnection, body: string) {
  connection.socket.write(body.slice(body.length >> 1));
  return connection.reply;
}

async function plainHeartbeat(url: string, name: string, token: string, body = '{}'): Promise<number> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const reply = await fetch(`${url}${beatPath(name)}`, { method: 'POST', headers, body });
  await reply.text();
  return reply.status;
}

/** Deletes and re-creates `name`; resolves once this server's index knows the new incarnation. */
async function recreate(t: Test, api: TestApp, url: string, name: string): Promise<void> {
  t.equal((await api.call('DELETE', `${ST_PATH}/${name}`)).statusCode, 200);
  t.equal((await api.call('POST', ST_PATH, syncTarget(name))).statusCode, 201);
  const fresh = await issueToken(api, name);
  await waitFor(async () => (await plainHeartbeat(url, name, fresh)) === 200, 'a heartbeat of the new incarnation');
}

forEachStore(t, (t) => {
  for (const cached of [false, true]) {
    const where = cached ? 'the fast path (token cached)' : 'the route (token read from the store)';

    t.test(`a heartbeat whose body arrives after its target was re-created is refused: ${where}`, async (t) => {
      const { api, url } = await listening(t, { heartbeatFlushIntervalMs: 50 });
      const token = await targetWithToken(api, 'edge-1');
      if (cached) for (let i = 0; i < 2; i++) t.equal(await plainHeartbeat(url, 'edge-1', token), 200);
      const slow = await startSlow(url, 'POST', beatPath('edge-1'), token, LATE);
      await recreate(t, api, url, 'edge-1');
      const reply = await finish(slow, LATE);
      t.equal(reply?.status, 401, reply?.body ?? 'closed without an answer');
      t.match(JSON.parse(reply!.body), { kind: 'Status', code: 401, reason: 'Unauthorized' });
      await sleep(200); // a flush or two
      t.not((await readTarget(api, 'edge-1')).status?.syncerVersion, 'v-late', 'the new incarnation is untouched');
    });

    t.test(`a token that expires while its body is on its way is refused: ${where}`, async (t) => {
      const graceMs = 3_000;
      const { api, url } = await listening(t, { tokenGraceMs: graceMs });
      const token = await targetWithToken(api, 'edge-1');
      t.equal(await plainHeartbeat(url, 'edge-1', token), 200);
      await issueToken(api, 'edge-1'); // a rotation: the first token ends after the grace period
      const rotatedAt = Date.now();
      if (cached) t.equal(await plainHeartbeat(url, 'edge-1', token), 200, 'still valid, and cached again');
      const slow = await startSlow(url, 'POST', beatPath('edge-1'), token, LATE);
      await sleep(rotatedAt + graceMs + 300 - Date.now());
      const reply = await finish(slow, LATE);
      t.equal(reply?.status, 401, reply?.body ?? 'closed without an answer');
      t.not((await readTarget(api, 'edge-1')).status?.syncerVersion, 'v-late', 'nothing was written');
    });

    t.test(`a rotation while the body is on its way, whose grace ends first, ends the token: ${where}`, async (t) => {
      const graceMs = 1_000;
      const { api, url } = await listening(t, { tokenGraceMs: graceMs });
      const token = await targetWithToken(api, 'edge-1');
      if (cached) for (let i = 0; i < 2; i++) t.equal(await plainHeartbeat(url, 'edge-1', token), 200);
      const slow = await startSlow(url, 'POST', beatPath('edge-1'), token, LATE);
      await issueToken(api, 'edge-1'); // accepted by its headers with no end in sight; now it ends
      await sleep(graceMs + 300);
      const reply = await finish(slow, LATE);
      t.equal(reply?.status, 401, reply?.body ?? 'closed without an answer');
      t.not((await readTarget(api, 'edge-1')).status?.syncerVersion, 'v-late', 'nothing was written');
    });
  }

  t.test('a status report whose body arrives after its target was re-created is refused', async (t) => {
    const { api, url } = await listening(t);
    const token = await targetWithToken(api, 'edge-1');
    await heartbeat(api, 'edge-1');
    await createOk(api, PLACEMENT_PATH(), placement('all', { syncTargetSelector: {} }));
    await createOk(api, DEPLOY_PATH(), deployment('web'));
    await waitPlaced(api, 'web', ['edge-1']);
    const report = JSON.stringify({ observedGeneration: 1, state: 'Applied', status: { replicas: 1 } });
    const slow = await startSlow(url, 'PUT', STATUS_PATH('edge-1', 'default', 'web'), token, report);
    await recreate(t, api, url, 'edge-1');
    // Placed again, and Pending once the scheduler has taken in the new incarnation's heartbeat.
    const pending = async () => (await entriesOf(api, 'web'))[0]?.state === 'Pending';
    await waitFor(pending, 'the new incarnation placed and Pending');
    const reply = await finish(slow, report);
    t.equal(reply?.status, 401, reply?.body ?? 'closed without an answer');
    t.match(await entriesOf(api, 'web'), [{ name: 'edge-1', state: 'Pending' }], "the new incarnation's entry stays");
  });
});
