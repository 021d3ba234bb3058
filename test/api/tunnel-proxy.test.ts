// The proxy through an agent's reverse tunnel: a real server on a port, the agent's real tunnel
// client, and a small downstream API server (tunnel-setup.ts). Reads go through with the agent's
// downstream credentials, a followed log streams and stops downstream when its client goes away,
// RBAC and the allow-list refuse, a target without a tunnel is 503, and every call is audited.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { request } from 'undici';
import WebSocket from 'ws';
import { ADMIN_TOKEN } from '../helpers/app.js';
import { eventually } from '../helpers/agents.js';
import { as, bind, createUser } from '../helpers/users.js';
import { DOWNSTREAM_TOKEN, LOG_PATH, PROXY, setUp, startTunnel } from './tunnel-setup.js';

const auditLines = (path: string): any[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));

t.test('logs, pods and events through the tunnel, as RBAC allows, audited', async (t) => {
  const { api, url, auditPath, agentToken, downstream } = await setUp(t);

  const before = await api.call('GET', `${PROXY('edge-1')}${LOG_PATH}`);
  t.equal(before.statusCode, 503, 'no tunnel yet');
  t.match(before.json, { kind: 'Status', reason: 'ServiceUnavailable', message: /sync target "edge-1"/ });
  t.equal((await api.call('GET', `${PROXY('nowhere')}${LOG_PATH}`)).statusCode, 404, 'no such target');

  await startTunnel(t, url, agentToken, downstream.url);
  const log = await eventually(async () => {
    const reply = await api.call('GET', `${PROXY('edge-1')}${LOG_PATH}?tailLines=10`);
    return reply.statusCode === 503 ? undefined : reply;
  }, 'the tunnel to connect');
  t.equal(log.statusCode, 200);
  t.equal(log.body, 'line 1\nline 2\n', "the pod's log, as the downstream server sent it");
  t.match(log.headers['content-type'], /^text\/plain/);
  const logRequest = downstream.seen.find((s) => s.url.startsWith(LOG_PATH));
  t.equal(logRequest?.authorization, `Bearer ${DOWNSTREAM_TOKEN}`, "downstream, the agent's own credentials");
  t.match(logRequest?.url, /tailLines=10/, 'the query passed on');

  const pods = await api.call('GET', `${PROXY('edge-1')}/api/v1/namespaces/shop/pods?labelSelector=app%3Dweb`);
  t.equal(pods.statusCode, 200);
  t.equal(pods.json.items[0].metadata.name, 'web-1');
  const events = await api.call('GET', `${PROXY('edge-1')}/api/v1/namespaces/shop/events`);
  t.equal(events.statusCode, 404, "the downstream server's own answer, passed through");

  const secrets = await api.call('GET', `${PROXY('edge-1')}/api/v1/namespaces/shop/secrets`);
  t.equal(secrets.statusCode, 403, 'outside the allow-list');
  t.match(secrets.json.message, /does not reach GET \/api\/v1\/namespaces\/shop\/secrets/);
  t.notOk(
    downstream.seen.some((s) => s.url.includes('secrets')),
    'nothing outside the allow-list reached downstream',
  );
  t.equal((await api.call('GET', `${PROXY('edge-2')}${LOG_PATH}`)).statusCode, 503, 'edge-2 has no tunnel');
  t.equal(
    (await api.call('GET', `${PROXY('edge-1')}${LOG_PATH}`, undefined, { token: agentToken })).statusCode,
    403,
    'an agent token does not read through the proxy',
  );

  const bob = await createUser(api, 'bob');
  const denied = await api.call('GET', `${PROXY('edge-1')}${LOG_PATH}`, undefined, as(bob));
  t.equal(denied.statusCode, 403, 'a user without get synctargets/proxy');
  t.match(denied.json.message, /cannot get resource "synctargets\/proxy"/);
  await bind(api, 'bob-fleet', 'tmc:fleet-admin', [{ kind: 'User', name: 'bob' }]);
  const allowed = await eventually(async () => {
    const reply = await api.call('GET', `${PROXY('edge-1')}${LOG_PATH}`, undefined, as(bob));
    return reply.statusCode === 403 ? undefined : reply;
  }, 'the binding to take effect');
  t.equal(allowed.body, 'line 1\nline 2\n', 'tmc:fleet-admin reads logs');

  // Followed: new lines as they come, and the downstream read ends once the client is gone.
  const stop = new AbortController();
  const followed = await request(`${url}${PROXY('edge-1')}${LOG_PATH}?follow=true`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    signal: stop.signal,
  });
  t.equal(followed.statusCode, 200);
  let text = '';
  for await (const chunk of followed.body.on('error', () => undefined)) {
    text += String(chunk);
    if (text.includes('line 4\n')) break;
  }
  stop.abort();
  t.match(text, /^line 1\nline 2\nline 3\nline 4\n/, 'lines streamed as the pod wrote them');
  const followRequest = downstream.seen.find((s) => s.url.includes('follow=true'));
  await eventually(async () => (followRequest?.closed ? true : undefined), 'the downstream read to stop');
  t.pass('the downstream follow ended when the client went away');

  const lines = await eventually(async () => {
    const proxied = auditLines(auditPath).filter((e) => e.objectRef?.subresource === 'proxy');
    return proxied.some((e) => e.requestURI.endsWith(`${LOG_PATH}`) && e.user.username === 'system:admin') &&
      proxied.length >= 12
      ? proxied
      : undefined;
  }, 'an audit line per proxied call');
  t.ok(
    lines.every((e) => e.objectRef.resource === 'synctargets' && e.verb === 'get'),
    'each as get synctargets/proxy',
  );
  t.ok(
    lines.some((e) => e.user.username === 'bob' && e.responseStatus.code === 403),
    "bob's denial",
  );
  t.ok(
    lines.some((e) => e.user.username === 'bob' && e.responseStatus.code === 200),
    "bob's read",
  );
  t.ok(
    lines.some((e) => e.responseStatus.code === 503 && e.objectRef.name === 'edge-2'),
    'the 503',
  );
});

t.test('a tunnel takes its own target agent token only', async (t) => {
  const { url, agentToken } = await setUp(t);
  const status = (token: string, target: string) =>
    new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(
        `${url.replace('http', 'ws')}/apis/workload.kcp.io/v1alpha1/synctargets/${target}/tunnel`,
        {
          headers: { authorization: `Bearer ${token}` },
        },
      );
      ws.on('unexpected-response', (_request, response) => {
        resolve(response.statusCode ?? 0);
        response.resume();
      });
      ws.on('open', () => {
        resolve(101);
        ws.close();
      });
      ws.on('error', reject);
    });
  t.equal(await status('not-a-token', 'edge-1'), 401);
  t.equal(await status(agentToken, 'edge-2'), 403, "another target's tunnel");
  t.equal(await status(ADMIN_TOKEN, 'edge-1'), 401, 'an admin token is no agent token');
  t.equal(await status(agentToken, 'edge-1'), 101);
});
