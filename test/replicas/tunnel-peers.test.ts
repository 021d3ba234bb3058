// Logs and exec of an agent whose tunnel is on another replica: two real `tmc server` processes
// over HTTPS on one PostgreSQL database (one CA, as the README asks of replicas behind one
// address), each with its --peer-url. The agent's real tunnel client dials replica A; the real
// `tmc logs` and `tmc exec` go to replica B, which passes them to A with the caller's token. A
// records the call in its own audit log; B refuses what it would refuse anyway; with A gone, B
// says which replica it could not reach, and once the agent dials B, B answers itself.
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { Agent, request } from 'undici';
import { fakeApiServer, startTunnel } from '../api/tunnel-setup.js';
import { eventually } from '../helpers/agents.js';
import { freshDatabase } from '../helpers/postgres.js';
import { type ServerProcess, freePort, runTmc, startServerProcess } from '../helpers/server-process.js';

const TOKEN = 'replica-admin-token-0123456789abcdef';
const ST = '/apis/workload.kcp.io/v1alpha1/synctargets';
const LOGS = ['logs', 'web-1', '-n', 'shop', '--target', 'edge-1'];
const EXEC = ['exec', 'web-1', '-n', 'shop', '--target', 'edge-1', '--', 'ls', '-l'];

t.test("a replica passes logs and exec to the replica holding the agent's tunnel", async (t) => {
  const databaseUrl = await freshDatabase(t);
  const root = t.testdir();
  const caFile = join(root, 'a', 'pki', 'ca.crt');
  const start = async (name: string): Promise<ServerProcess> => {
    const port = await freePort();
    const args = ['--database-url', databaseUrl, '--data-dir', join(root, name), '--port', String(port)];
    const peer = ['--peer-url', `https://127.0.0.1:${port}`, '--log-level', 'info', '--audit-level', 'writes'];
    const server = await startServerProcess([...args, ...peer], { TMC_ADMIN_TOKEN: TOKEN }, 120_000, { https: true });
    t.teardown(() => server.stop('SIGKILL'));
    return server;
  };
  const a = await start('a');
  cpSync(join(root, 'a', 'pki'), join(root, 'b', 'pki'), { recursive: true });
  const b = await start('b');
  const tmc = (server: ServerProcess, args: string[]) =>
    runTmc(args, { TMC_SERVER: server.url, TMC_TOKEN: TOKEN, TMC_CA_FILE: caFile, KUBECONFIG: '/nonexistent' });
  const run = async (server: ServerProcess, args: string[]) => {
    const child = tmc(server, args);
    return { code: await child.exited, output: child.output() };
  };
  const https = new Agent({ connect: { ca: readFileSync(caFile, 'utf8') } });
  const call = async (method: 'GET' | 'POST', url: string, body?: unknown, token = TOKEN) => {
    const reply = await request(url, {
      method,
      dispatcher: https,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: reply.statusCode, json: (await reply.body.json()) as any };
  };
  t.equal((await call('POST', `${a.url}${ST}`, { metadata: { name: 'edge-1' } })).status, 201);
  const agentToken = (await call('POST', `${a.url}${ST}/edge-1/tokens`)).json.token as string;
  const downstream = await fakeApiServer(t);

  const before = await run(b, LOGS);
  t.not(before.code, 0, 'no tunnel anywhere yet');
  t.match(before.output, /no agent tunnel connected/);

  await startTunnel(t, a.url, agentToken, downstream.url, caFile);
  const logs = await eventually(async () => {
    const done = await run(b, LOGS);
    return done.code === 0 ? done : undefined;
  }, 'logs through B once the tunnel on A is recorded');
  t.equal(logs.output, 'line 1\nline 2\n', 'the log, read on B from the tunnel on A');
  t.equal(downstream.seen.at(-1)?.authorization, 'Bearer downstream-agent-credential', "the agent's own credentials");

  const followed = tmc(b, [...LOGS, '-f']);
  await eventually(async () => (/line 4/.test(followed.output()) ? true : undefined), 'followed lines through B');
  const stream = downstream.seen.at(-1)!;
  followed.child.kill('SIGINT');
  await followed.exited;
  await eventually(async () => (stream.closed ? true : undefined), 'the agent stops reading when the client goes');

  const exec = await run(b, EXEC);
  t.equal(exec.code, 0, exec.output);
  t.equal(exec.output, 'ran: ls -l\nto stderr\n', 'exec through B, both streams');
  t.equal(downstream.execs.length, 1, 'one exec downstream');

  const refused = await call('GET', `${b.url}${ST}/edge-1/proxy/api/v1/namespaces/shop/pods`, undefined, agentToken);
  t.equal(refused.status, 403, 'B refuses a caller it would refuse anyway, before passing anything on');
  await eventually(
    async () =>
      /"requestURI":"[^"]*\/synctargets\/edge-1\/proxy\/api\/v1\/namespaces\/shop\/pods\/web-1\/exec"/.test(a.output())
        ? true
        : undefined,
    "the exec in A's own audit log",
  );

  await a.stop('SIGKILL');
  const gone = await run(b, LOGS);
  t.not(gone.code, 0);
  t.match(gone.output, new RegExp(`replica at ${a.url.replace(/[.]/g, '\\.')}, which could not be reached`));

  await startTunnel(t, b.url, agentToken, downstream.url, caFile);
  const local = await eventually(async () => {
    const done = await run(b, LOGS);
    return done.code === 0 ? done : undefined;
  }, 'B answers once the agent dials it');
  t.equal(local.output, 'line 1\nline 2\n');
});
