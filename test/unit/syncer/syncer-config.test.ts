// Where the downstream configuration comes from (flag, in-cluster, KUBECONFIG, ~/.kube/config)
// and what the token file must hold.
import t from 'tap';
import { mkdtempSync, writeFileSync, rmSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { downstreamSource, loadDownstreamConfig } from '../../../src/syncer/downstream/kube-config.js';
import { readToken, TokenFile, TokenFileError } from '../../../src/syncer/upstream/token-file.js';

const inCluster = { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' };
const all = () => true;
const none = () => false;

t.test('the downstream configuration is looked for in the documented order', async (t) => {
  t.same(
    downstreamSource('/k', { ...inCluster, KUBECONFIG: '/e' }, all, '/home/u'),
    { kind: 'flag', path: '/k' },
    '--kubeconfig wins',
  );
  t.same(downstreamSource(undefined, { ...inCluster, KUBECONFIG: '/e' }, all, '/home/u'), { kind: 'in-cluster' });
  t.same(
    downstreamSource(undefined, { ...inCluster, KUBECONFIG: '/e' }, none, '/home/u'),
    { kind: 'KUBECONFIG', path: '/e' },
    'no service account token: not in a pod',
  );
  t.same(downstreamSource(undefined, {}, all, '/home/u'), { kind: 'home', path: '/home/u/.kube/config' });
  t.throws(
    () => downstreamSource(undefined, {}, none, '/home/u'),
    /no downstream cluster configured: pass --kubeconfig/,
  );
});

const dir = mkdtempSync(join(tmpdir(), 'syncer-config-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const kubeconfig = join(dir, 'kubeconfig');
writeFileSync(
  kubeconfig,
  `apiVersion: v1
kind: Config
clusters: [{name: a, cluster: {server: "https://a.example:6443"}}, {name: b, cluster: {server: "https://b.example:6443"}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: ctx-a, context: {cluster: a, user: u}}, {name: ctx-b, context: {cluster: b, user: u}}]
current-context: ctx-a
`,
);

t.test('--context picks a context, and an unknown one is named with the ones there are', async (t) => {
  t.equal(loadDownstreamConfig(kubeconfig, undefined).kubeconfig.getCurrentCluster()?.server, 'https://a.example:6443');
  t.equal(loadDownstreamConfig(kubeconfig, 'ctx-b').kubeconfig.getCurrentCluster()?.server, 'https://b.example:6443');
  t.throws(
    () => loadDownstreamConfig(kubeconfig, 'nope'),
    /--context "nope" is not in the downstream kubeconfig \S+ \(its contexts: ctx-a, ctx-b\)/,
  );
  t.throws(() => loadDownstreamConfig(join(dir, 'missing'), undefined), /cannot read the downstream kubeconfig/);
});

t.test('the token file must hold exactly one token', async (t) => {
  const file = join(dir, 'token');
  writeFileSync(file, '  tmcagent_abc\n');
  t.equal(readToken(file), 'tmcagent_abc', 'surrounding whitespace is not part of it');
  writeFileSync(file, '\n');
  t.throws(() => readToken(file), TokenFileError);
  writeFileSync(file, 'one two');
  t.throws(() => readToken(file), /must hold one token/);
  t.throws(() => readToken(join(dir, 'absent')), /cannot read the token file .*ENOENT.*tmc token NAME/);
});

t.test('a changed token file is picked up, also when swapped in by rename as a Secret volume does', async (t) => {
  const file = join(dir, 'rotating');
  writeFileSync(file, 'first');
  const token = new TokenFile(file, pino({ level: 'silent' }));
  t.teardown(() => token.close());
  token.watch();
  const until = async (want: string) => {
    const deadline = Date.now() + 10_000;
    while (token.token !== want && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return token.token;
  };
  writeFileSync(file, 'second');
  t.equal(await until('second'), 'second', 'rewritten in place');
  writeFileSync(join(dir, 'staged'), 'third');
  renameSync(join(dir, 'staged'), file);
  t.equal(await until('third'), 'third', 'renamed over');
  writeFileSync(file, '');
  t.equal(token.reload(), false, 'an empty file keeps the current token');
  t.equal(token.token, 'third');
});
