// What a crash loses, as the README states it: a kill -9 loses the heartbeat times coalesced
// since the last flush (by design), at most about one --heartbeat-flush-interval of them, and
// nothing that was written at once (a heartbeat that changed the target's status).
import { request } from 'undici';
import t, { type Test } from 'tap';
import { type ServerProcess, startServerProcess } from '../helpers/server-process.js';

const ST = '/apis/workload.kcp.io/v1alpha1/synctargets';
const ADMIN = 'crash-test-admin-token-0123456789';

async function post(url: string, path: string, token: string, body?: unknown): Promise<{ status: number; json: any }> {
  const reply = await request(`${url}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await reply.body.text();
  return { status: reply.statusCode, json: text ? JSON.parse(text) : undefined };
}

async function storedHeartbeat(server: ServerProcess): Promise<number> {
  const reply = await request(`${server.url}${ST}/edge-1`, { headers: { authorization: `Bearer ${ADMIN}` } });
  const object = (await reply.body.json()) as { status: { lastSyncerHeartbeatTime: string } };
  return Date.parse(object.status.lastSyncerHeartbeatTime);
}

/** Heartbeats for `ms`, then kill -9 and a restart; the last acknowledged and the stored time after it. */
async function crashWhileBeating(t: Test, flushInterval: string, ms: number) {
  const dir = t.testdir();
  const args = ['--data-dir', dir, '--heartbeat-flush-interval', flushInterval];
  const first = await startServerProcess(args, { TMC_ADMIN_TOKEN: ADMIN });
  t.teardown(() => first.stop('SIGKILL'));
  t.equal((await post(first.url, ST, ADMIN, { metadata: { name: 'edge-1' } })).status, 201);
  const { token } = (await post(first.url, `${ST}/edge-1/tokens`, ADMIN)).json as { token: string };
  let firstAcknowledged = 0;
  let lastAcknowledged = 0;
  for (const until = Date.now() + ms; Date.now() < until; ) {
    const sentAt = Date.now();
    t.equal((await post(first.url, `${ST}/edge-1/heartbeat`, token, { syncerVersion: 'v1' })).status, 200);
    firstAcknowledged ||= sentAt;
    lastAcknowledged = sentAt;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await first.stop('SIGKILL');
  const second = await startServerProcess(args, { TMC_ADMIN_TOKEN: ADMIN });
  t.teardown(() => second.stop('SIGKILL'));
  return { firstAcknowledged, lastAcknowledged, stored: await storedHeartbeat(second) };
}

t.test('a kill -9 loses the coalesced heartbeat times, but not the one that made the target Ready', async (t) => {
  // An hour between flushes: nothing is flushed before the kill.
  const run = await crashWhileBeating(t, '1h', 1_500);
  t.ok(run.lastAcknowledged - run.firstAcknowledged >= 1_000, 'heartbeats for over a second');
  t.ok(run.stored >= run.firstAcknowledged, 'the first heartbeat changed the status and was written at once');
  t.ok(run.stored < run.lastAcknowledged - 500, 'the later, coalesced ones were lost with the process');
});

t.test('with a short flush interval, a kill -9 loses at most about one interval of heartbeat times', async (t) => {
  const run = await crashWhileBeating(t, '1s', 3_500);
  // The interval plus room for a flush that a loaded machine runs late.
  t.ok(
    run.stored >= run.lastAcknowledged - 3_000,
    `stored ${run.lastAcknowledged - run.stored} ms before the last acknowledged heartbeat (flush interval 1 s)`,
  );
});
