// Agent tokens through HTTP: issuance, hashing at rest, rotation with a grace period,
// revocation when the target is deleted (and re-created), survival across a restart.
import t from 'tap';
import { ST_PATH, syncTarget, testApp } from '../helpers/app.js';
import { filesContaining, heartbeat, issueToken, sha256Hex, sleep, targetWithToken } from '../helpers/agents.js';

t.test('issuing answers 201 with a new random token, once, and never caches it', async (t) => {
  const api = await testApp(t);
  await api.call('POST', ST_PATH, syncTarget('edge-1'));
  const first = await api.call('POST', `${ST_PATH}/edge-1/tokens`);
  t.equal(first.statusCode, 201);
  t.equal(first.headers['cache-control'], 'no-store');
  t.same(Object.keys(first.json), ['token']);
  t.match(first.json.token, /^tmcagent_[A-Za-z0-9_-]{43}$/);
  const second = await api.call('POST', `${ST_PATH}/edge-1/tokens`);
  t.not(second.json.token, first.json.token);
  t.equal(
    (await heartbeat(api, 'edge-1', first.json.token)).statusCode,
    200,
    'the older token works within the grace period',
  );
  t.equal((await heartbeat(api, 'edge-1', second.json.token)).statusCode, 200);
});

t.test('a token for a target that does not exist is a 404 Status and stores nothing', async (t) => {
  const api = await testApp(t);
  const reply = await api.call('POST', `${ST_PATH}/nope/tokens`);
  t.equal(reply.statusCode, 404);
  t.match(reply.json, { kind: 'Status', reason: 'NotFound', details: { name: 'nope', kind: 'synctargets' } });
});

t.test('only the hash of a token is stored: the token string is in no file of the data directory', async (t) => {
  const api = await testApp(t);
  const token = await targetWithToken(api, 'edge-1');
  t.equal((await heartbeat(api, 'edge-1', token)).statusCode, 200);
  await api.app.close();
  // The scan reads the database files (WAL included): it does find the hash.
  t.not(filesContaining(api.dataDir, sha256Hex(token)).length, 0, 'the hash is stored');
  t.same(filesContaining(api.dataDir, token), [], 'the token is not');
  t.same(filesContaining(api.dataDir, token.slice('tmcagent_'.length)), [], 'nor its random part');
});

t.test(
  'rotation: the older token works until the grace period ends, then gets 401; the newer one goes on',
  async (t) => {
    const graceMs = 2000;
    const api = await testApp(t, { tokenGraceMs: graceMs });
    const older = await targetWithToken(api, 'edge-1');
    t.equal((await heartbeat(api, 'edge-1', older)).statusCode, 200);
    const rotatedAt = Date.now();
    const newer = await issueToken(api, 'edge-1');
    t.equal((await heartbeat(api, 'edge-1', older)).statusCode, 200, 'still valid right after the rotation');
    let refused: Awaited<ReturnType<typeof heartbeat>>;
    for (;;) {
      refused = await heartbeat(api, 'edge-1', older);
      if (refused.statusCode !== 200 || Date.now() - rotatedAt > graceMs + 10_000) break;
      await sleep(50);
    }
    t.ok(Date.now() - rotatedAt >= graceMs, 'not refused before the grace period ended');
    t.equal(refused.statusCode, 401);
    t.match(refused.json, { kind: 'Status', reason: 'Unauthorized' });
    t.equal((await heartbeat(api, 'edge-1', newer)).statusCode, 200);
  },
);

t.test('deleting a target revokes its tokens at once; a re-created target of the same name refuses them', async (t) => {
  const api = await testApp(t);
  const old = await targetWithToken(api, 'edge-1');
  t.equal((await heartbeat(api, 'edge-1', old)).statusCode, 200);
  t.equal((await api.call('DELETE', `${ST_PATH}/edge-1`)).statusCode, 200);
  t.equal((await heartbeat(api, 'edge-1', old)).statusCode, 401);

  t.equal((await api.call('POST', ST_PATH, syncTarget('edge-1'))).statusCode, 201);
  const refused = await heartbeat(api, 'edge-1', old);
  t.equal(refused.statusCode, 401, 'the token belonged to the deleted incarnation');
  t.equal(refused.json.kind, 'Status');
  const fresh = await issueToken(api, 'edge-1');
  t.equal((await heartbeat(api, 'edge-1', fresh)).statusCode, 200);
  await sleep(50);
  t.equal(await api.app.store.findAgentToken(sha256Hex(old)), undefined, 'the old hash is deleted from the store');
});

t.test('tokens survive a restart of the server', async (t) => {
  const dataDir = t.testdir();
  const first = await testApp(t, { dataDir });
  const token = await targetWithToken(first, 'edge-1');
  await first.app.close();
  const second = await testApp(t, { dataDir });
  t.equal((await heartbeat(second, 'edge-1', token)).statusCode, 200);
});
