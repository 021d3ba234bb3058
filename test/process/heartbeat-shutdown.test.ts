// Heartbeats against the real `tmc server` process around a SIGTERM: every heartbeat the server
// acknowledged is in the store after the restart (times kept in memory are flushed at shutdown),
// and heartbeats arriving while it stops get a clean answer or a refused connection, never an error.
import { request } from 'undici';
import t from 'tap';
import { startServerProcess } from '../helpers/server-process.js';
import { waitFor } from '../helpers/wait.js';

const ST = '/apis/workload.kcp.io/v1alpha1/synctargets';
const ADMIN = 'shutdown-test-admin-token-0123456789';
const BODY = JSON.stringify({ syncerVersion: 'v1', capacity: { cpu: '4' }, allocatable: { cpu: '3' } });

async function post(url: string, path: string, token: string, body?: string): Promise<{ status: number; json: any }> {
  const reply = await request(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body } : {}),
  });
  const text = await reply.body.text();
  return { status: reply.statusCode, json: text ? JSON.parse(text) : undefined };
}

t.test(
  'acknowledged heartbeats survive a SIGTERM; those sent while it stops are answered or refused cleanly',
  async (t) => {
    const dir = t.testdir();
    // An hour between flushes: only the flush at shutdown can save the coalesced times.
    const args = ['--data-dir', dir, '--heartbeat-flush-interval', '1h'];
    const first = await startServerProcess(args, { TMC_ADMIN_TOKEN: ADMIN });
    t.teardown(() => first.stop('SIGKILL'));
    t.equal((await post(first.url, ST, ADMIN, JSON.stringify({ metadata: { name: 'edge-1' } }))).status, 201);
    const { token } = (await post(first.url, `${ST}/edge-1/tokens`, ADMIN)).json as { token: string };

    let lastAcknowledged = 0;
    for (let i = 0; i < 20; i++) {
      const sentAt = Date.now();
      const beat = await post(first.url, `${ST}/edge-1/heartbeat`, token, BODY);
      t.equal(beat.status, 200, `heartbeat ${i + 1}`);
      lastAcknowledged = sentAt;
    }

    // Heartbeats keep coming while the server stops.
    const outcomes: string[] = [];
    let sending = true;
    const agent = (async () => {
      while (sending) {
        const sentAt = Date.now();
        try {
          const beat = await post(first.url, `${ST}/edge-1/heartbeat`, token, BODY);
          outcomes.push(String(beat.status));
          if (beat.status === 200) lastAcknowledged = sentAt;
        } catch (error) {
          outcomes.push((error as { code?: string }).code ?? 'error');
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      }
    })();
    await waitFor(() => outcomes.includes('200'), 'a heartbeat answered while the agent loop runs');
    t.equal(await first.stop('SIGTERM'), 0, 'SIGTERM ends the server cleanly');
    sending = false;
    await agent;
    t.ok(outcomes.includes('200'), 'heartbeats were answered until the server stopped');
    const unclean = outcomes.filter((o) => !['200', '503', 'ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET'].includes(o));
    t.same(unclean, [], `only answers, 503 or a closed connection (${[...new Set(outcomes)].join(', ')})`);

    const second = await startServerProcess(args, { TMC_ADMIN_TOKEN: ADMIN });
    t.teardown(() => second.stop('SIGKILL'));
    const reply = await request(`${second.url}${ST}/edge-1`, { headers: { authorization: `Bearer ${ADMIN}` } });
    const stored = (await reply.body.json()) as { status: { lastSyncerHeartbeatTime: string } };
    t.ok(
      Date.parse(stored.status.lastSyncerHeartbeatTime) >= lastAcknowledged,
      `the last acknowledged heartbeat (sent ${new Date(lastAcknowledged).toISOString()}) is stored: ${stored.status.lastSyncerHeartbeatTime}`,
    );
    t.equal(await second.stop('SIGTERM'), 0);
  },
);
