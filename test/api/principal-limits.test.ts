// Per-caller limits through HTTP: a user's and an agent's request rate (429 TooManyRequests with
// Retry-After, the heartbeat's front door included), each caller on its own budget, the admin
// exempt; and the watches a user and the long-polls an agent may hold at once.
import t from 'tap';
import { ST_PATH, testApp } from '../helpers/app.js';
import { eventually, targetWithToken } from '../helpers/agents.js';
import { sendFrom } from '../helpers/from-address.js';
import { forEachStore } from '../helpers/stores.js';
import { bind, createUser } from '../helpers/users.js';

const HOST = '127.0.0.1';

forEachStore(t, (t) => {
  t.test('a user and an agent past their burst get 429 with Retry-After; others go on', async (t) => {
    const api = await testApp(t, { userBurst: 3, userQps: 1, agentBurst: 3, agentQps: 1 });
    const alice = await createUser(api, 'alice');
    const bob = await createUser(api, 'bob');
    const agent = await targetWithToken(api, 'edge-a');
    const url = await api.app.listen({ host: HOST, port: 0 });
    const statuses = async (path: string, token: string, method = 'GET', body?: unknown) => {
      const seen: number[] = [];
      for (let i = 0; i < 8; i++) seen.push((await sendFrom(url, HOST, method, path, token, body)).statusCode);
      return seen;
    };
    const users = await statuses('/apis', alice);
    t.same(users.slice(0, 3), [200, 200, 200], 'the burst passes');
    t.ok(users.includes(429), 'then 429');
    const refused = await sendFrom(url, HOST, 'GET', '/apis', alice);
    t.equal(refused.statusCode, 429);
    t.match(refused.json, { kind: 'Status', reason: 'TooManyRequests', details: { retryAfterSeconds: Number } });
    t.match(refused.json.message, /too many requests from user "alice"/);
    t.ok(Number(refused.headers['retry-after']) >= 1, 'Retry-After');
    t.equal((await sendFrom(url, HOST, 'GET', '/apis', bob)).statusCode, 200, 'another user has its own budget');
    const admin = await api.call('GET', ST_PATH);
    t.equal(admin.statusCode, 200, 'the admin is exempt');

    const beats = await statuses(`${ST_PATH}/edge-a/heartbeat`, agent, 'POST', {});
    t.same(beats.slice(0, 3), [200, 200, 200], "the agent's burst passes, through the front door");
    t.ok(beats.includes(429), "then the agent's own budget runs out");
    const metrics = (await api.app.inject({ method: 'GET', url: '/metrics' })).body;
    t.match(metrics, /tmc_limit_refusals_total\{reason="rate"\} [1-9]/);
    t.notMatch(metrics, /alice|edge-a.*refusal|tmcuser_/, 'no user or token in the limit metrics');
  });

  t.test('watches per user and long-polls per agent are capped, and freed when closed', async (t) => {
    const api = await testApp(t, { maxUserWatches: 1, maxAgentLongPolls: 1 });
    const alice = await createUser(api, 'alice');
    await bind(api, 'alice-view', 'view', [{ kind: 'User', name: 'alice' }]);
    const agent = await targetWithToken(api, 'edge-a');
    const url = await api.app.listen({ host: HOST, port: 0 });
    const watchPath = '/apis/apps/v1/namespaces/default/deployments?watch=true';
    const aborts: AbortController[] = [];
    const hold = (path: string, token: string) => {
      const abort = new AbortController();
      aborts.push(abort);
      // Left unread: the stream stays open until aborted.
      fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal }).catch(
        () => undefined,
      );
      return abort;
    };
    t.teardown(() => {
      for (const abort of aborts) abort.abort();
    });
    const first = hold(watchPath, alice);
    const aliceP = { kind: 'user' as const, name: 'alice', groups: [] };
    await eventually(async () => api.app.principalLimits.holding(aliceP) === 1 || undefined, 'the first watch');
    const second = await sendFrom(url, HOST, 'GET', watchPath, alice);
    t.equal(second.statusCode, 429);
    t.match(second.json.message, /too many concurrent watches of this user \(--max-user-watches\): at most 1/);
    first.abort();
    await eventually(async () => api.app.principalLimits.holding(aliceP) === 0 || undefined, 'the watch freed');
    hold(watchPath, alice);
    await eventually(async () => api.app.principalLimits.holding(aliceP) === 1 || undefined, 'a new watch');

    const now = await api.call('GET', `${ST_PATH}/edge-a/objects`, undefined, { token: agent });
    const feed = `${ST_PATH}/edge-a/objects?resourceVersion=${now.json.resourceVersion}&timeoutSeconds=60`;
    const agentP = { kind: 'agent' as const, syncTarget: 'edge-a', syncTargetUid: '', expiresAt: null };
    hold(feed, agent);
    await eventually(async () => api.app.principalLimits.holding(agentP) === 1 || undefined, 'the long-poll');
    const poll = await sendFrom(url, HOST, 'GET', feed, agent);
    t.equal(poll.statusCode, 429);
    t.match(poll.json.message, /too many concurrent long-polls of this agent \(--max-agent-long-polls\)/);
    const metrics = (await api.app.inject({ method: 'GET', url: '/metrics' })).body;
    t.match(metrics, /tmc_limit_refusals_total\{reason="concurrent"\} 2/);
  });
});
