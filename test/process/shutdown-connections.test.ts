// SIGTERM against the real `tmc server` process while clients hold connections it would wait
// for: an idle keep-alive one, one that sent nothing, one stuck in its headers, an authorized
// request whose body never comes, and the bodiless POST /healthz of a careless client. None of
// them holds the shutdown: the server closes them and exits 0 at once, not after the grace period.
// A request that has fully arrived (an agent's held long poll) still gets its answer.
import t from 'tap';
import { head, openRaw } from '../helpers/raw-http.js';
import { startServerProcess } from '../helpers/server-process.js';

const ST = '/apis/workload.kcp.io/v1alpha1/synctargets';
const ADMIN = 'shutdown-conn-admin-token-0123456789';
const GRACE_MS = 10_000;

t.test('SIGTERM closes idle and slow connections and exits 0 without waiting out the grace period', async (t) => {
  const server = await startServerProcess(['--data-dir', t.testdir()], { TMC_ADMIN_TOKEN: ADMIN });
  t.teardown(() => server.stop('SIGKILL'));
  const admin = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
  const post = async (path: string, body?: unknown) => {
    const init = { method: 'POST', headers: admin, ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
    return (await fetch(`${server.url}${path}`, init)).json();
  };
  await post(ST, { metadata: { name: 'edge-1' } });
  const { token } = await post(`${ST}/edge-1/tokens`, {});
  const feed = `${ST}/edge-1/deployments`;
  const first = await fetch(`${server.url}${feed}`, { headers: { authorization: `Bearer ${token}` } });
  const { resourceVersion } = await first.json();
  const poll = openRaw(
    server.url,
    head('GET', `${feed}?resourceVersion=${resourceVersion}&timeoutSeconds=60`, {
      authorization: `Bearer ${token}`,
    }),
  );
  const open = (text: string) => openRaw(server.url, text);
  const held = {
    'idle keep-alive': open(head('GET', '/healthz', {})),
    'nothing sent': open(''),
    'headers never finished': open(`POST ${ST} HTTP/1.1\r\nHost: tmc\r\n`),
    'authorized body never finished': open(`${head('POST', ST, { ...admin, 'content-length': 1000 })}{"meta`),
    'POST /healthz with a body that never comes': open(head('POST', '/healthz', { 'content-length': 999_999 })),
  };
  t.equal((await held['idle keep-alive'].reply)?.status, 200);
  // Accepting takes the server a moment; a connection it had not taken yet would only be refused.
  await new Promise((resolve) => setTimeout(resolve, 500));

  t.notOk(poll.answered(), 'the long poll is held');
  const started = Date.now();
  const code = await server.stop('SIGTERM');
  const tookMs = Date.now() - started;
  t.equal(code, 0, 'exit code 0');
  t.ok(tookMs < GRACE_MS / 2, `exited in ${tookMs} ms, well inside the ${GRACE_MS} ms grace period`);
  t.ok((await poll.replyWithin(1_000))?.status, 'the held long poll was answered before its connection closed');
  for (const [what, connection] of Object.entries(held)) {
    const timeout = new Promise((resolve) => setTimeout(resolve, 1_000, false));
    const closed = await Promise.race([connection.closed.then(() => true), timeout]);
    t.ok(closed, `${what}: closed`);
  }
});
