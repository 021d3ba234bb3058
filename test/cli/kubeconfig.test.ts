// The admin commands connected by a kubeconfig: the admin.kubeconfig a real `tmc server` writes
// (HTTPS with the CA it made), through --kubeconfig, $KUBECONFIG and `tmc login --kubeconfig`,
// and how a kubeconfig ranks against the flags, TMC_* and the saved login.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { parse, stringify } from 'yaml';
import { ADMIN, ST_PATH, assertOneLineError, freshDir, startCliServer, syncTarget, tmc } from './cli-helpers.js';

t.setTimeout(420_000);

const names = (stdout: string): string[] => JSON.parse(stdout).items.map((i: any) => i.metadata.name);

t.test('the server writes a kubeconfig the CLI connects with', async (t) => {
  const server = await startCliServer(t);
  t.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/, 'HTTPS by default');
  await server.http('POST', ST_PATH, syncTarget('edge-1'));
  const kubeconfig = join(server.dataDir, 'admin.kubeconfig');
  t.equal(statSync(kubeconfig).mode & 0o777, 0o600, 'the kubeconfig holds a token: private');
  const doc = parse(readFileSync(kubeconfig, 'utf8'));
  t.equal(doc.clusters[0].cluster.server, server.url, 'the address the server listens on');
  const caData = Buffer.from(doc.clusters[0].cluster['certificate-authority-data'], 'base64').toString();
  t.equal(caData, readFileSync(server.caFile!, 'utf8'), 'the CA the server made');
  t.equal(doc.users[0].user.token, ADMIN);

  const home = freshDir(t);
  const byFlag = await tmc(['get', 'st', '-o', 'json', '--kubeconfig', kubeconfig], { home });
  t.same(names(byFlag.stdout), ['edge-1'], `--kubeconfig alone ${byFlag.stderr}`);
  const byEnv = await tmc(['get', 'st', '-o', 'json'], {
    home,
    env: { KUBECONFIG: `${join(home, 'none')}:${kubeconfig}` },
  });
  t.same(names(byEnv.stdout), ['edge-1'], `$KUBECONFIG, a missing file in the list skipped ${byEnv.stderr}`);
  const before = await tmc(['--kubeconfig', kubeconfig, 'get', 'st', '-o', 'json'], { home });
  t.same(names(before.stdout), ['edge-1'], 'before the verb too');

  const login = await tmc(['login', '--kubeconfig', kubeconfig], { home });
  t.equal(login.code, 0, login.stderr);
  const saved = parse(readFileSync(join(home, '.tmc', 'config.yaml'), 'utf8'));
  t.same(saved, { server: server.url, token: ADMIN, caData }, 'server, token and the CA itself are saved');
  t.same(names((await tmc(['get', 'st', '-o', 'json'], { home })).stdout), ['edge-1'], 'the saved login works alone');
  t.notMatch(login.stdout + login.stderr, ADMIN, 'the token is never printed');

  const bootstrap = await tmc(['bootstrap', 'edge-2', '--image', 'tmc:dev', '--kubeconfig', kubeconfig], { home });
  t.equal(bootstrap.code, 0, bootstrap.stderr);
  const secret = bootstrap.stdout
    .split('---\n')
    .map((text) => parse(text))
    .find((o) => o.kind === 'Secret');
  t.equal(
    Buffer.from(secret.data['ca.crt'], 'base64').toString(),
    caData,
    "bootstrap carries the kubeconfig's CA to the syncer",
  );
});

t.test('a kubeconfig ranks after the flags, TMC_* after a --kubeconfig, and a foreign CA stays unused', async (t) => {
  const server = await startCliServer(t);
  const kubeconfig = join(server.dataDir, 'admin.kubeconfig');
  const home = freshDir(t);
  const wrongToken = await tmc(['get', 'st', '--kubeconfig', kubeconfig, '--token', 'wrong-token-0123456789'], {
    home,
  });
  assertOneLineError(t, wrongToken, /Unauthorized/, "--token beats the kubeconfig's");
  const envToken = await tmc(['get', 'st', '--kubeconfig', kubeconfig], {
    home,
    env: { TMC_TOKEN: 'wrong-token-0123456789' },
  });
  t.equal(envToken.code, 0, `--kubeconfig beats TMC_TOKEN ${envToken.stderr}`);
  const envOverKubeconfigEnv = await tmc(['get', 'st'], {
    home,
    env: { KUBECONFIG: kubeconfig, TMC_TOKEN: 'wrong-token-0123456789' },
  });
  assertOneLineError(t, envOverKubeconfigEnv, /Unauthorized/, 'TMC_TOKEN beats $KUBECONFIG');

  // The same server under another name: the kubeconfig's CA is not sent along to it.
  const other = server.url.replace('127.0.0.1', 'localhost');
  const foreign = await tmc(['get', 'st', '--kubeconfig', kubeconfig, '--server', other], { home });
  assertOneLineError(t, foreign, /cannot verify the TLS certificate/, 'no CA for another server');

  // A cluster's kubeconfig with client certificates has nothing for tmc: $KUBECONFIG is passed over.
  const dir = freshDir(t);
  const clusterConfig = join(dir, 'cluster.kubeconfig');
  writeFileSync(
    clusterConfig,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'kind',
      clusters: [{ name: 'kind', cluster: { server: 'https://127.0.0.1:1' } }],
      users: [{ name: 'kind', user: { 'client-certificate-data': 'eA==', 'client-key-data': 'eA==' } }],
      contexts: [{ name: 'kind', context: { cluster: 'kind', user: 'kind' } }],
    }),
  );
  const passedOver = await tmc(['get', 'st'], { home, env: { KUBECONFIG: clusterConfig } });
  assertOneLineError(t, passedOver, /^error: no server configured/, 'a token-less $KUBECONFIG is passed over');
  const broken = join(dir, 'broken.kubeconfig');
  writeFileSync(broken, 'current-context: nowhere\ncontexts: []\n');
  assertOneLineError(
    t,
    await tmc(['get', 'st', '--kubeconfig', broken], { home }),
    /--kubeconfig .*broken.kubeconfig has no context "nowhere"/,
    'a context that is not there',
  );
  assertOneLineError(
    t,
    await tmc(['get', 'st', '--kubeconfig', join(dir, 'none')], { home }),
    /--kubeconfig .*none does not exist/,
    'a missing file',
  );
});
