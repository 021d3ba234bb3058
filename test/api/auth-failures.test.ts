// Failed authentications are limited per client address: past the burst, an address is refused
// 429 with Retry-After before any token is looked at (on the routes and at the heartbeat's
// front door alike), while a client from another address goes on as before.
import t from 'tap';
import { ADMIN_TOKEN, ST_PATH, testApp } from '../helpers/app.js';
import { targetWithToken } from '../helpers/agents.js';
import { sendFrom } from '../helpers/from-address.js';
import { forEachStore } from '../helpers/stores.js';

const BAD = `tmcagent_${'A'.repeat(43)}`;
const BURST = 5;

forEachStore(t, (t) => {
  t.test('a burst of bad tokens: 429 without token work for that address only', async (t) => {
    const api = await testApp(t, { authFailureBurst: BURST, authFailureRate: 1 });
    const agentToken = await targetWithToken(api, 'edge-a');
    // Every token is looked at by the agent verifier first: its calls count the token work.
    const tokens = api.app.agentTokens;
    const verify = tokens.verify.bind(tokens);
    let verifications = 0;
    tokens.verify = (token: string) => {
      verifications++;
      return verify(token);
    };
    const url = await api.app.listen({ host: '127.0.0.1', port: 0 });
    const bad = '127.0.0.3';
    for (let i = 0; i < BURST; i++) {
      t.equal((await sendFrom(url, bad, 'GET', ST_PATH, BAD)).statusCode, 401, `bad token ${i + 1} is 401`);
    }
    const afterBurst = verifications;
    t.ok(afterBurst >= BURST, 'the burst was verified');
    const refused = await sendFrom(url, bad, 'GET', ST_PATH, BAD);
    t.equal(refused.statusCode, 429);
    t.match(refused.json, { kind: 'Status', code: 429, reason: 'TooManyRequests', details: { retryAfterSeconds: 1 } });
    t.match(refused.json.message, /too many failed authentications/);
    t.equal(refused.headers['retry-after'], '1', 'Retry-After');
    t.notMatch(JSON.stringify(refused.json), /AAAAAAAA/, 'the token is not echoed');
    for (let i = 0; i < 20; i++) {
      const heartbeat = await sendFrom(url, bad, 'POST', `${ST_PATH}/edge-a/heartbeat`, BAD, {});
      t.equal(heartbeat.statusCode, 429, 'the heartbeat front door refuses too');
      t.equal((await sendFrom(url, bad, 'GET', ST_PATH, `tmcuser_${'B'.repeat(43)}`)).statusCode, 429);
    }
    t.equal(verifications, afterBurst, 'no token was verified for the refused address');
    // Address-wide: even a good token from that address waits (the attacker may hold one too).
    t.equal((await sendFrom(url, bad, 'GET', ST_PATH, ADMIN_TOKEN)).statusCode, 429);

    const good = '127.0.0.4';
    t.equal((await sendFrom(url, good, 'GET', ST_PATH, ADMIN_TOKEN)).statusCode, 200, 'another address: admin');
    const beat = await sendFrom(url, good, 'POST', `${ST_PATH}/edge-a/heartbeat`, agentToken, {});
    t.equal(beat.statusCode, 200, 'another address: an agent heartbeat');
    const metrics = (await api.app.inject({ method: 'GET', url: '/metrics' })).body;
    const line = metrics.split('\n').find((l) => l.startsWith('tmc_auth_failure_refusals_total '));
    t.ok(Number(line?.split(' ')[1]) >= 41, 'refusals are counted');
    t.notMatch(metrics, /127\.0\.0\.3|AAAAAAAA/, 'no address or token in the metrics');
  });

  t.test('a burst of 0 turns the limit off', async (t) => {
    const api = await testApp(t, { authFailureBurst: 0 });
    const url = await api.app.listen({ host: '127.0.0.1', port: 0 });
    for (let i = 0; i < 30; i++) {
      t.equal((await sendFrom(url, '127.0.0.5', 'GET', ST_PATH, BAD)).statusCode, 401);
    }
  });
});
