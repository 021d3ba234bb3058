// The real `tmc server` process: first start, restart on the same data, TLS, signals, bad flags.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import t from 'tap';
import { runTmc, startServerProcess } from '../helpers/server-process.js';

const ST = '/apis/workload.kcp.io/v1alpha1/synctargets';

t.test(
  'first start creates an admin token, a CA, a certificate and a kubeconfig; a restart keeps them and every write',
  async (t) => {
    const dataDir = t.testdir();
    const first = await startServerProcess(['--data-dir', dataDir], {}, 90_000, { https: true });
    t.teardown(() => first.stop('SIGKILL'));
    t.match(first.url, /^https:\/\/127\.0\.0\.1:\d+$/, 'HTTPS without any TLS flag');
    const tokenFile = join(dataDir, 'admin-token');
    t.equal(statSync(tokenFile).mode & 0o777, 0o600, 'the token file is private');
    t.match(first.output(), tokenFile, 'the log says where the token is');
    const token = readFileSync(tokenFile, 'utf8').trim();
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const kubeconfig = join(dataDir, 'admin.kubeconfig');
    t.equal(statSync(kubeconfig).mode & 0o777, 0o600, 'the kubeconfig is private');
    t.match(first.output(), kubeconfig, 'the log says where the kubeconfig is');
    t.notMatch(first.output(), token, 'and never the token');
    t.match(first.output(), /created a new CA in .*ca\.crt/);
    const ca = readFileSync(join(dataDir, 'pki', 'ca.crt'));
    const trusting = new Agent({ connect: { ca } });
    t.teardown(() => trusting.close());
    await t.rejects(request(`${first.url}/healthz`, { dispatcher: new Agent() }), 'untrusted without the CA');

    const names = Array.from({ length: 20 }, (_, i) => `edge-${i}`);
    for (const name of names) {
      const created = await request(`${first.url}${ST}`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ metadata: { name } }),
        dispatcher: trusting,
      });
      t.equal(created.statusCode, 201);
      await created.body.dump();
    }
    t.equal(await first.stop('SIGTERM'), 0, 'SIGTERM ends the server cleanly');
    t.match(first.output(), /shutting down/);

    const second = await startServerProcess(['--data-dir', dataDir], {}, 90_000, { https: true });
    t.teardown(() => second.stop('SIGKILL'));
    t.notMatch(second.output(), /created an admin token/, 'the existing token is reused');
    t.notMatch(second.output(), /created a new/, 'the CA and the certificate are reused');
    t.same(readFileSync(join(dataDir, 'pki', 'ca.crt')), ca);
    const listed = await request(`${second.url}${ST}`, { headers: auth, dispatcher: trusting });
    const list = (await listed.body.json()) as { items: { metadata: { name: string } }[] };
    t.same(list.items.map((i) => i.metadata.name).sort(), [...names].sort());
    t.equal(await second.stop('SIGINT'), 0);
  },
);

t.test('serves HTTPS with --tls-cert-file and --tls-key-file', async (t) => {
  const dir = t.testdir();
  const cert = join(dir, 'tls.crt');
  const key = join(dir, 'tls.key');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  const server = await startServerProcess(['--data-dir', dir, '--tls-cert-file', cert, '--tls-key-file', key], {
    TMC_ADMIN_TOKEN: 'tls-test-admin-token-0123456789',
  });
  t.teardown(() => server.stop('SIGKILL'));
  t.match(server.url, /^https:\/\//);
  const trusting = new Agent({ connect: { ca: readFileSync(cert) } });
  const reply = await request(`${server.url}${ST}`, {
    dispatcher: trusting,
    headers: { authorization: 'Bearer tls-test-admin-token-0123456789' },
  });
  t.equal(reply.statusCode, 200);
  await reply.body.dump();
  // Heartbeats too: the first reads the new token through the route, the next ones take the fast path.
  const admin = { authorization: 'Bearer tls-test-admin-token-0123456789', 'content-type': 'application/json' };
  await (
    await request(`${server.url}${ST}`, {
      dispatcher: trusting,
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ metadata: { name: 'edge-1' } }),
    })
  ).body.dump();
  const issued = await request(`${server.url}${ST}/edge-1/tokens`, {
    dispatcher: trusting,
    method: 'POST',
    headers: { authorization: admin.authorization },
  });
  const { token } = (await issued.body.json()) as { token: string };
  for (let i = 0; i < 3; i++) {
    const beat = await request(`${server.url}${ST}/edge-1/heartbeat`, {
      dispatcher: trusting,
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"syncerVersion":"v1"}',
    });
    t.equal(beat.statusCode, 200, `heartbeat ${i + 1} over HTTPS`);
    t.equal(((await beat.body.json()) as { heartbeatIntervalSeconds: number }).heartbeatIntervalSeconds, 20);
  }
  await t.rejects(request(`${server.url}/healthz`, { dispatcher: new Agent() }), 'an untrusted certificate is refused');
  await trusting.close();
});

t.test('flags and TMC_* variables are checked before anything starts', async (t) => {
  const dir = t.testdir();
  const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
    [['--port', 'abc'], {}, /not a whole number/],
    [['--heartbeat-interval', '20'], {}, /invalid duration "20"/],
    [[], { TMC_HEARTBEAT_THRESHOLD: 'soon' }, /invalid duration "soon"/],
    [['--tls-cert-file', join(dir, 'x.crt')], {}, /must be given together/],
    [['--log-level', 'loud'], {}, /logLevel/],
    [[], { TMC_ADMIN_TOKEN: 'short' }, /adminToken/],
    [['--headers-timeout', '40s', '--request-timeout', '30s'], {}, /--headers-timeout may not be longer/],
    [['--max-connections-per-address', '-1'], {}, /not a whole number/],
    [['--insecure-http', '--tls-cert-file', join(dir, 'x.crt'), '--tls-key-file', join(dir, 'x.key')], {}, /not both/],
    [['--tls-san', 'no such name!'], {}, /--tls-san "no such name!" is neither an IP address nor a DNS name/],
    [['--peer-url', 'https://10.0.0.5:6443'], {}, /--peer-url is for replicas sharing a --database-url/],
    [['--peer-url', 'https://10.0.0.5:6443/tmc'], {}, /peerUrl/],
    [['--database-url', 'postgres://x/y', '--peer-url', 'http://10.0.0.5:6443'], {}, /--peer-url must be https/],
  ];
  for (const [args, env, message] of cases) {
    const run = runTmc(['server', '--data-dir', dir, '--port', '0', ...args], env);
    const code = await run.exited;
    t.not(code, 0, `${args.join(' ')} ${JSON.stringify(env)} fails`);
    t.match(run.output(), message);
    t.notMatch(run.output(), / {4}at /, 'no stack trace');
  }
});

t.test('TMC_* variables configure the server like flags', async (t) => {
  const dir = t.testdir();
  const port = await freePort();
  const run = runTmc(['server', '--data-dir', dir], {
    TMC_PORT: String(port),
    TMC_BIND_ADDRESS: '127.0.0.1',
    TMC_ADMIN_TOKEN: 'env-test-admin-token-0123456789',
    TMC_LOG_LEVEL: 'warn',
    TMC_INSECURE_HTTP: 'true',
  });
  t.teardown(() => run.child.kill('SIGKILL'));
  const url = `http://127.0.0.1:${port}`;
  const reply = await eventually(() =>
    request(`${url}${ST}`, { headers: { authorization: 'Bearer env-test-admin-token-0123456789' } }),
  );
  t.equal(reply.statusCode, 200);
  await reply.body.dump();
  t.notMatch(run.output(), /"level":30/, 'TMC_LOG_LEVEL=warn silences info lines');
  t.match(run.output(), /serving plain HTTP \(--insecure-http\)/, 'TMC_INSECURE_HTTP serves HTTP, with a warning');
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function eventually<T>(attempt: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
