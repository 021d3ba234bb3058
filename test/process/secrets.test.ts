// No secret in any log line, error or metric: real `tmc server` processes (dist/) with their
// whole output captured, on SQLite and on PostgreSQL with passwords in the database URL, driven
// through token issuance, rotation, heartbeats and refusals, plus starts that fail (a database
// that refuses the password, a bad URL, bad admin token files). Then every token and password the
// run used is searched for in everything the processes printed and in /metrics.
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { type AddressInfo, type Socket, createServer } from 'node:net';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { request } from 'undici';
import { freshDatabase } from '../helpers/postgres.js';
import { type ServerProcess, runTmc, startServerProcess } from '../helpers/server-process.js';

const ST = '/apis/workload.kcp.io/v1alpha1/synctargets';
const AGENT_LOOKALIKE = `tmcagent_${'Z'.repeat(43)}`;

interface Run {
  secrets: string[];
  outputs: string[];
}

async function call(url: string, token: string, method: 'GET' | 'POST', path: string, body?: unknown) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const reply = await request(`${url}${path}`, { method, headers, body: payload });
  const text = await reply.body.text();
  return { statusCode: reply.statusCode, json: text.startsWith('{') ? JSON.parse(text) : undefined };
}

/** Everything an agent and an admin do, right and wrong, with the secrets it used recorded. */
async function drive(t: Test, server: ServerProcess, admin: string, run: Run): Promise<void> {
  run.secrets.push(admin, AGENT_LOOKALIKE, 'wrong-admin-token-0123456789');
  t.equal((await call(server.url, admin, 'POST', ST, { metadata: { name: 'edge-1' } })).statusCode, 201);
  t.equal((await call(server.url, admin, 'POST', ST, { metadata: { name: 'edge-2' } })).statusCode, 201);
  const agents: string[] = [];
  for (let i = 0; i < 3; i++) {
    const minted = await call(server.url, admin, 'POST', `${ST}/edge-1/tokens`);
    t.equal(minted.statusCode, 201);
    agents.push(minted.json.token);
    run.secrets.push(minted.json.token);
    // A new report is written through the route; the repeats take the fast path.
    for (const version of ['v1', 'v1', `v${i + 2}`, `v${i + 2}`]) {
      const beat = await call(server.url, minted.json.token, 'POST', `${ST}/edge-1/heartbeat`, {
        syncerVersion: version,
      });
      t.equal(beat.statusCode, 200);
    }
  }
  // The grace of the older tokens (1 s) runs out: they are refused like the wrong ones.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const expired = await call(server.url, agents[0]!, 'POST', `${ST}/edge-1/heartbeat`, {});
  t.equal(expired.statusCode, 401, 'an expired token');
  t.equal((await call(server.url, agents[2]!, 'POST', `${ST}/edge-2/heartbeat`, {})).statusCode, 403, 'another target');
  t.equal((await call(server.url, agents[2]!, 'GET', ST)).statusCode, 403, 'an admin route');
  t.equal((await call(server.url, AGENT_LOOKALIKE, 'POST', `${ST}/edge-1/heartbeat`, {})).statusCode, 401);
  t.equal((await call(server.url, 'wrong-admin-token-0123456789', 'GET', ST)).statusCode, 401);
  t.equal((await call(server.url, admin, 'POST', `${ST}/missing/tokens`)).statusCode, 404);
  t.equal((await call(server.url, admin, 'POST', ST, { metadata: { name: 'Not Valid' } })).statusCode, 422);
  const metrics = await request(`${server.url}/metrics`);
  run.outputs.push(await metrics.body.text());
}

/** A PostgreSQL server as far as asking for the password and refusing it. */
async function refusingDatabase(t: Test): Promise<{ port: number; heard: () => string }> {
  let heard = '';
  const server = createServer((socket: Socket) => {
    let startup = true;
    socket.on('data', (chunk: Buffer) => {
      heard += chunk.toString('latin1');
      if (startup) {
        startup = false;
        const cleartext = Buffer.alloc(9);
        cleartext.write('R');
        cleartext.writeInt32BE(8, 1);
        cleartext.writeInt32BE(3, 5);
        socket.write(cleartext);
        return;
      }
      const fields = 'SFATAL\0VFATAL\0C28P01\0Mpassword authentication failed for user "tmc"\0\0';
      const error = Buffer.alloc(5 + Buffer.byteLength(fields));
      error.write('E');
      error.writeInt32BE(4 + Buffer.byteLength(fields), 1);
      error.write(fields, 5);
      socket.end(error);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.address() as AddressInfo).port, heard: () => heard };
}

async function failedStart(t: Test, run: Run, args: string[], exitCode: number, message: RegExp): Promise<void> {
  const started = runTmc(['server', '--bind-address', '127.0.0.1', '--port', '0', ...args]);
  // A server that starts although it should not is stopped, and fails the test.
  const timer = setTimeout(() => started.child.kill('SIGKILL'), 90_000);
  t.equal(await started.exited, exitCode, `exits ${exitCode}: ${message}`);
  clearTimeout(timer);
  t.match(started.output(), message);
  run.outputs.push(started.output());
}

const writeTokenFile = (path: string, text: string, mode = 0o600) => {
  writeFileSync(path, text, { mode });
  chmodSync(path, mode);
  return path;
};

t.test('no token or password used in a whole run appears in any output or metric', async (t) => {
  const run: Run = { secrets: [], outputs: [] };

  await t.test('SQLite with a generated admin token, in a new data directory', async (t) => {
    const dataDir = join(t.testdir(), 'new', 'data');
    const server = await startServerProcess(['--data-dir', dataDir, '--log-level', 'trace', '--token-grace', '1s']);
    t.teardown(() => server.stop('SIGKILL'));
    await drive(t, server, readFileSync(join(dataDir, 'admin-token'), 'utf8').trim(), run);
    t.equal(statSync(dataDir).mode & 0o777, 0o700, 'the data directory is private');
    for (const file of ['admin-token', 'tmc.db', 'tmc.db-wal', 'tmc.db-shm']) {
      t.equal(statSync(join(dataDir, file)).mode & 0o777, 0o600, `${file} is private`);
    }
    t.equal(await server.stop('SIGTERM'), 0);
    run.outputs.push(server.output());
  });

  await t.test('PostgreSQL with passwords in the URL, and an admin token file', async (t) => {
    const url = new URL(await freshDatabase(t));
    url.password = 'userinfo-password-4711';
    url.searchParams.set('password', 'query-password-4712');
    run.secrets.push('userinfo-password-4711', 'query-password-4712');
    const dir = t.testdir();
    const admin = 'file-admin-token-0123456789abcdef';
    const tokenFile = writeTokenFile(join(dir, 'admin.token'), `# rotated next week\n${admin}\n`);
    const server = await startServerProcess(
      [
        '--database-url',
        url.toString(),
        '--admin-token-file',
        tokenFile,
        '--data-dir',
        join(dir, 'data'),
        '--log-level',
        'trace',
        '--token-grace',
        '1s',
      ],
      {},
      120_000,
    );
    t.teardown(() => server.stop('SIGKILL'));
    await drive(t, server, admin, run);
    t.equal(await server.stop('SIGTERM'), 0);
    run.outputs.push(server.output());
  });

  await t.test('starts that fail say why without the secret', async (t) => {
    const dir = t.testdir();
    const refusing = await refusingDatabase(t);
    run.secrets.push('refused-password-4713', 'closed-port-password-4714', 'bad-url-password-4715');
    const refused = `postgres://tmc:refused-password-4713@127.0.0.1:${refusing.port}/tmc`;
    await failedStart(t, run, ['--data-dir', dir, '--database-url', refused], 1, /password authentication failed/);
    t.match(refusing.heard(), 'refused-password-4713', 'the password was sent to the database, and only there');
    const closed = 'postgres://tmc@127.0.0.1:1/tmc?password=closed-port-password-4714';
    await failedStart(t, run, ['--data-dir', dir, '--database-url', closed], 1, /ECONNREFUSED/);
    const unparsable = 'postgres://tmc:bad-url-password-4715@db:port/tmc';
    await failedStart(t, run, ['--data-dir', dir, '--database-url', unparsable], 1, /Invalid URL/);
    const short = 'short-token-15c';
    run.secrets.push(short, 'readable-admin-token-0123456789');
    await failedStart(
      t,
      run,
      ['--data-dir', dir, '--admin-token-file', writeTokenFile(join(dir, 'short'), `${short}\n`)],
      2,
      /too short: admin tokens need at least 16 characters/,
    );
    const open = writeTokenFile(join(dir, 'open'), 'readable-admin-token-0123456789\n', 0o644);
    await failedStart(
      t,
      run,
      ['--data-dir', dir, '--admin-token-file', open],
      2,
      /open to other users \(mode 0644\): chmod 600 it/,
    );
  });

  const everything = run.outputs.join('\n');
  t.ok(run.secrets.length >= 15, `${run.secrets.length} secrets used`);
  for (const secret of run.secrets) t.notOk(everything.includes(secret), `${secret.slice(0, 12)}… is in no output`);
});
