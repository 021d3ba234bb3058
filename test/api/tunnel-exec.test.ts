// exec through an agent's reverse tunnel: the client end `tmc exec` uses (runExec), the real
// server on a port, the agent's real tunnel client, and a downstream pods/exec that speaks the
// channel protocol (tunnel-exec-setup.ts). Output, stdin and the exit code go through; the
// caller needs create synctargets/proxy; refusals, before the upgrade or downstream, come back
// as Status messages; every session is audited when it ends.
import { readFileSync } from 'node:fs';
import { PassThrough, Writable } from 'node:stream';
import t from 'tap';
import WebSocket from 'ws';
import { runExec } from '../../src/cli/exec-session.js';
import { ADMIN_TOKEN } from '../helpers/app.js';
import { eventually } from '../helpers/agents.js';
import { bind, clusterRole, createUser } from '../helpers/users.js';
import { PROXY, setUp, startTunnel } from './tunnel-setup.js';

const EXEC = (pod: string, query: string) => `${PROXY('edge-1')}/api/v1/namespaces/shop/pods/${pod}/exec?${query}`;

function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

t.test('exec through the tunnel: output, stdin, exit code, RBAC, refusals, audit', async (t) => {
  const { api, url, auditPath, agentToken, downstream } = await setUp(t);
  const ws = url.replace('http', 'ws');
  const run = (path: string, token = ADMIN_TOKEN, stdin?: PassThrough) => {
    const stdout = sink();
    const stderr = sink();
    const io = { stdout: stdout.stream, stderr: stderr.stream, ...(stdin ? { stdin } : {}) };
    const exit = runExec(`${ws}${path}`, { headers: { authorization: `Bearer ${token}` } }, io);
    return exit.then((code) => ({ code, stdout: stdout.text(), stderr: stderr.text() }));
  };
  const query = 'command=ls&command=-l&stdout=true&stderr=true';

  await t.rejects(run(EXEC('web-1', query)), { message: /no agent tunnel connected/ }, '503 before the tunnel');
  await startTunnel(t, url, agentToken, downstream.url);
  const first = await eventually(
    () =>
      run(EXEC('web-1', query)).catch((error: Error) =>
        /no agent tunnel/.test(error.message) ? undefined : Promise.reject(error),
      ),
    'the tunnel to connect',
  );
  t.same(first, { code: 0, stdout: 'ran: ls -l\n', stderr: 'to stderr\n' }, 'both streams, exit 0');
  t.equal(downstream.execs[0]?.protocol, 'v5.channel.k8s.io', 'v5 downstream, as the client offered');
  t.equal(downstream.execs[0]?.authorization, 'Bearer downstream-agent-credential', "the agent's own credentials");

  const stdin = new PassThrough();
  const interactive = run(
    EXEC('web-1', 'command=sh&command=-c&command=exit&command=3&stdin=true&stdout=true'),
    ADMIN_TOKEN,
    stdin,
  );
  stdin.write('hello\n');
  setTimeout(() => stdin.end(), 100);
  const ended = await interactive;
  t.equal(ended.code, 3, "the command's exit code");
  t.match(ended.stdout, /stdin: hello\n/, 'stdin reached the command, its echo came back');

  await t.rejects(run(EXEC('missing', query)), { message: 'pods "missing" not found' }, "downstream's 404 Status");
  await t.rejects(run(EXEC('web-1', query), agentToken), { message: /agent/ }, 'an agent token may not exec');
  t.equal((await api.call('GET', EXEC('web-1', query))).statusCode, 400, 'a GET that is no upgrade');
  t.match((await api.call('GET', EXEC('web-1', query))).json.message, /Upgrade request required/);
  await t.rejects(run(EXEC('web-1', 'stdout=true')), { message: /command/ }, 'no command: 400');

  const base64 = await new Promise<number>((resolve) => {
    const socket = new WebSocket(`${ws}${EXEC('web-1', query)}`, ['base64.channel.k8s.io'], {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.on('open', () => resolve(101));
    socket.on('error', () => undefined);
  });
  t.equal(base64, 400, 'a text subprotocol is refused: the tunnel carries binary messages');

  const carol = await createUser(api, 'carol');
  await clusterRole(api, 'proxy-reader', [
    { apiGroups: ['workload.kcp.io'], resources: ['synctargets/proxy'], verbs: ['get'] },
  ]);
  await bind(api, 'carol-reads', 'proxy-reader', [{ kind: 'User', name: 'carol' }]);
  await t.rejects(
    run(EXEC('web-1', query), carol),
    { message: /cannot create resource "synctargets\/proxy"/ },
    'reading logs does not let carol exec',
  );

  const lines = await eventually(async () => {
    const events = readFileSync(auditPath, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    const execs = events.filter((e) => e.requestURI?.endsWith('/exec'));
    return execs.filter((e) => e.responseStatus.code === 101).length >= 2 ? execs : undefined;
  }, 'an audit line per exec session');
  t.ok(
    lines.every((e) => e.verb === 'create' && e.objectRef.subresource === 'proxy' && !e.requestURI.includes('?')),
    'each as create synctargets/proxy, without the command',
  );
  t.ok(
    lines.some((e) => e.user.username === 'carol' && e.responseStatus.code === 403),
    "carol's denial",
  );
});
