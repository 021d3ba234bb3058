// Failed authentications are limited per client address: past the burst, an address is refused
// 429 with Retry-After before any token is looked at (on the routes and at the heartbeat's
// front door alike), held a second so a flooder's requests in flight wait, while a client from
// another address goes on as before (answered while the refusals are still held). Within the
// burst, failures past the first ten are held the same way.
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
    // The good client's admin token does not count: it comes from another address meanwhile.
    tokens.verify = (token: string) => {
      if (token !== ADMIN_TOKEN) verifications++;
      return verify(token);
    };
    const url = await api.app.listen({ host: '127.0.0.1', port: 0 });
    const bad = '127.0.0.3';
    for (let i = 0; i < BURST; i++) {
      t.equal((await sendFrom(url, bad, 'GET', ST_PATH, BAD)).statusCode, 401, `bad token ${i + 1} is 401`);
    }
    const afterBurst = verifications;
    t.ok(afterBurst >= BURST, 'the burst was verified');
    // All at once after the burst: each refusal is held a second, in which the address would earn
    // one failure back (1/s).
    const order: string[] = [];
    const held = sendFrom(url, bad, 'GET', ST_PATH, BAD).then((answer) => {
      order.push('refusal');
      return answer;
    });
    const beats = Array.from({ length: 20 }, () => sendFrom(url, bad, 'POST', `${ST_PATH}/edge-a/heartbeat`, BAD, {}));
    const users = Array.from({ length: 20 }, () => sendFrom(url, bad, 'GET', ST_PATH, `tmcuser_${'B'.repeat(43)}`));
    // Address-wide: even a good token from that address waits (the attacker may hold one too).
    const admin = sendFrom(url, bad, 'GET', ST_PATH, ADMIN_TOKEN);
    // Sent after the refusals, answered before them: they are held, the good client is not.
    const meanwhile = await sendFrom(url, '127.0.0.4', 'GET', ST_PATH, ADMIN_TOKEN);
    order.push('good client');
    t.equal(meanwhile.statusCode, 200);
    const refused = await held;
    t.same(order, ['good client', 'refusal'], 'the refusal is held, the good client answered meanwhile');
    t.equal(refused.statusCode, 429);
    t.match(refused.json, { kind: 'Status', code: 429, reason: 'TooManyRequests', details: { retryAfterSeconds: 1 } });
    t.match(refused.json.message, /too many failed authentications/);
    t.equal(refused.headers['retry-after'], '1', 'Retry-After');
    t.notMatch(JSON.stringify(refused.json), /AAAAAAAA/, 'the token is not echoed');
    for (const beat of await Promise.all(beats)) t.equal(beat.statusCode, 429, 'the heartbeat front door refuses too');
    for (const user of await Promise.all(users)) t.equal(user.statusCode, 429, 'a user token too');
    t.equal((await admin).statusCode, 429, 'the admin token from that address too');
    t.equal(verifications, afterBurst, 'no token was verified for the refused address');

    const good = '127.0.0.4';
    t.equal((await sendFrom(url, good, 'GET', ST_PATH, ADMIN_TOKEN)).statusCode, 200, 'another address: admin');
    const beat = await sendFrom(url, good, 'POST', `${ST_PATH}/edge-a/heartbeat`, agentToken, {});
    t.equal(beat.statusCode, 200, 'another address: an agent heartbeat');
    const metrics = (await api.app.inject({ method: 'GET', url: '/metrics' })).body;
    const line = metrics.split('\n').find((l) => l.startsWith('tmc_auth_failure_refusals_total '));
    t.ok(Number(line?.split(' ')[1]) >= 41, 'refusals are counted');
    t.notMatch(metrics, /127\.0\.0\.3|AAAAAAAA/, 'no address or token in the metrics');
  });

  t.test('past the first ten failures of a burst, each is still judged but answered a second late', async (t) => {
    const api = await testApp(t, { authFailureBurst: 30, authFailureRate: 1 });
    const url = await api.app.listen({ host: '127.0.0.1', port: 0 });
    const bad = '127.0.0.6';
    for (let i = 0; i < 10; i++) t.equal((await sendFrom(url, bad, 'GET', ST_PATH, BAD)).statusCode, 401);
    const order: string[] = [];
    const late = sendFrom(url, bad, 'GET', ST_PATH, BAD).then((answer) => {
      order.push('failure');
      return answer;
    });
    // Two requests one after the other from another address: the failure sent first is still held.
    for (const _ of [1, 2]) t.equal((await sendFrom(url, '127.0.0.4', 'GET', ST_PATH, ADMIN_TOKEN)).statusCode, 200);
    order.push('good client');
    t.equal((await late).statusCode, 401, 'judged: a 401, not the 429 of an address over its burst');
    t.same(order, ['good client', 'failure'], 'the eleventh failure was held, the good client answered meanwhile');
  });

  t.test('a burst of 0 turns the limit off', async (t) => {
    const api = await testApp(t, { authFailureBurst: 0 });
    const url = await api.app.listen({ host: '127.0.0.1', port: 0 });
    for (let i = 0; i < 30; i++) {
      t.equal((await sendFrom(url, '127.0.0.5', 'GET', ST_PATH, BAD)).statusCode, 401);
    }
  });
});
