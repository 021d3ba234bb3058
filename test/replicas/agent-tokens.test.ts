// Agent tokens across replicas: a token minted on one replica is accepted by the other, whose
// view of SyncTargets comes through the cross-replica change feed.
import t from 'tap';
import { request } from 'undici';
import { startReplicas } from '../helpers/replicas.js';
import { waitFor } from '../helpers/wait.js';

const ST = '/apis/workload.kcp.io/v1alpha1/synctargets';

/** edge-1's heartbeat with `token` on the replica at `url`: its status code. */
async function heartbeatOn(url: string, token: string): Promise<number> {
  const reply = await request(`${url}${ST}/edge-1/heartbeat`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ syncerVersion: 'v-test' }),
  });
  await reply.body.dump();
  return reply.statusCode;
}

t.test('a token minted on one replica works on the other', async (t) => {
  const {
    replicas: [a, b],
  } = await startReplicas(t, 2);
  t.equal((await a!.call('POST', ST, { metadata: { name: 'edge-1' } })).statusCode, 201);
  const minted = await a!.call('POST', `${ST}/edge-1/tokens`);
  t.equal(minted.statusCode, 201);
  const heartbeat = (token: string, target: string) =>
    request(`${b!.server.url}${ST}/${target}/heartbeat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ syncerVersion: 'v-test' }),
    });
  // B learns of edge-1 through the change feed, normally within milliseconds of A's write; an
  // agent retries its heartbeat anyway, so the test allows B a moment on a loaded machine.
  // waitFor fails the test unless B answers 200 within its deadline.
  await waitFor(async () => {
    const reply = await heartbeat(minted.json.token, 'edge-1');
    await reply.body.dump();
    return reply.statusCode === 200;
  }, 'the other replica to accept the token');
  t.pass('the other replica accepted the token');

  t.equal((await a!.call('POST', ST, { metadata: { name: 'edge-2' } })).statusCode, 201);
  const elsewhere = await heartbeat(minted.json.token, 'edge-2');
  await elsewhere.body.dump();
  t.equal(elsewhere.statusCode, 403, 'still only for its own target');
});

t.test('a rotation on one replica ends the older token on the other at the end of its grace', async (t) => {
  const {
    replicas: [a, b],
  } = await startReplicas(t, 2, ['--token-grace', '1s']);
  t.equal((await a!.call('POST', ST, { metadata: { name: 'edge-1' } })).statusCode, 201);
  const heartbeat = (token: string) => heartbeatOn(b!.server.url, token);
  const old = (await a!.call('POST', `${ST}/edge-1/tokens`)).json.token as string;
  await waitFor(async () => (await heartbeat(old)) === 200, 'the other replica to accept the first token');
  // B has just read and cached the old token: only a notification can tell it of the rotation
  // before its cache entry ages out (seconds).
  t.equal(await heartbeat(old), 200);
  const rotatedAt = Date.now();
  const rotated = await a!.call('POST', `${ST}/edge-1/tokens`);
  t.equal(rotated.statusCode, 201);
  await waitFor(async () => (await heartbeat(rotated.json.token)) === 200, 'the other replica to accept the new token');
  // The grace is 1 s; the README promises the end of the grace plus at most a second or so on
  // the other replica while notifications flow.
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, rotatedAt + 2_500 - Date.now())));
  t.equal(await heartbeat(old), 401, 'the other replica refuses the older token after its grace');
  t.equal(await heartbeat(rotated.json.token), 200, 'and still accepts the new one');
});

t.test('a token minted on one replica works on the other on its very next request', async (t) => {
  const {
    replicas: [a, b],
  } = await startReplicas(t, 2);
  t.equal((await a!.call('POST', ST, { metadata: { name: 'edge-1' } })).statusCode, 201);
  const heartbeat = (token: string) => heartbeatOn(b!.server.url, token);
  const first = (await a!.call('POST', `${ST}/edge-1/tokens`)).json.token as string;
  // Only the SyncTarget has to reach B first (its change feed); the tokens need nothing to.
  await waitFor(async () => (await heartbeat(first)) === 200, 'the other replica to know the target');
  const second = (await a!.call('POST', `${ST}/edge-1/tokens`)).json.token as string;
  t.equal(await heartbeat(second), 200, 'no wait: B reads a token it has not heard of, it does not refuse it');
  t.equal(await heartbeat(`tmcagent_${'Z'.repeat(43)}`), 401, 'a token never stored is refused');
});
