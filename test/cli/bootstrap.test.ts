// `tmc bootstrap` through the built CLI against a real server: the SyncTarget, a working agent
// token, and a least-privilege, non-root manifest that runs `tmc syncer` with those flags.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { parseAllDocuments } from 'yaml';
import { EXEC_RULE, SYNCER_RULES } from '../../src/syncer/downstream/permissions.js';
import { ST_PATH, assertOneLineError, freshDir, makeCa, startCliServer, syncTarget, tmc } from './cli-helpers.js';

// Dozens of CLI and server processes: more than tap's default per-file time on a busy machine.
t.setTimeout(420_000);

type Doc = Record<string, any>;
const documents = (text: string): Doc[] => parseAllDocuments(text).map((d) => d.toJS() as Doc);
const byKind = (docs: Doc[], kind: string): Doc => docs.find((d) => d.kind === kind)!;
const decode = (b64: string): string => Buffer.from(b64, 'base64').toString('utf8');

t.test('bootstrap creates the target, issues a token and prints the manifest', async (t) => {
  const server = await startCliServer(t);
  const result = await server.run([
    'bootstrap',
    'edge-1',
    '--image',
    'registry.example/tmc:0.1.0',
    '--server-url',
    'https://tmc.example:8443',
  ]);
  t.equal(result.code, 0, result.stderr);
  t.match(result.stderr, /^synctarget\/edge-1 created$/m);
  t.equal((await server.http('GET', `${ST_PATH}/edge-1`)).statusCode, 200, 'the SyncTarget exists');

  const docs = documents(result.stdout);
  t.same(
    docs.map((d) => d.kind),
    ['Namespace', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Secret', 'Deployment'],
  );
  const name = 'tmc-syncer-edge-1';
  t.equal(byKind(docs, 'Namespace').metadata.name, 'tmc-system');
  for (const doc of docs.slice(1)) t.equal(doc.metadata.name, name, `${doc.kind} name`);
  for (const kind of ['ServiceAccount', 'Secret', 'Deployment'])
    t.equal(byKind(docs, kind).metadata.namespace, 'tmc-system', `${kind} namespace`);

  const role = byKind(docs, 'ClusterRole');
  t.same(role.rules, [...SYNCER_RULES, EXEC_RULE], 'exactly the rules the syncer checks for, and exec');
  t.notMatch(JSON.stringify(role.rules), /\*/, 'no wildcards');
  const binding = byKind(docs, 'ClusterRoleBinding');
  t.same(
    binding.roleRef,
    { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
    'bound to its own role, not cluster-admin',
  );
  t.same(binding.subjects, [{ kind: 'ServiceAccount', name, namespace: 'tmc-system' }]);

  const secret = byKind(docs, 'Secret');
  // The server made its own CA; the CLI trusts it (TMC_CA_FILE) and hands it on to the syncer.
  t.same(Object.keys(secret.data), ['token', 'ca.crt'], 'the CA the CLI trusts');
  t.equal(decode(secret.data['ca.crt']), readFileSync(server.caFile!, 'utf8'));
  const token = decode(secret.data.token);
  assertOneLineError(
    t,
    await server.run(['get', 'st', '--token', token]),
    /Forbidden/,
    'the token is an agent token, not an admin one',
  );
  const beat = await server.http('POST', `${ST_PATH}/edge-1/heartbeat`, {}, token);
  t.equal(beat.statusCode, 200, 'the token works for the agent endpoints of edge-1');

  const deployment = byKind(docs, 'Deployment');
  const pod = deployment.spec.template.spec;
  const [container] = pod.containers;
  t.equal(container.image, 'registry.example/tmc:0.1.0');
  t.same(container.args, [
    'syncer',
    '--sync-target-name',
    'edge-1',
    '--server',
    'https://tmc.example:8443',
    '--token-file',
    '/var/run/tmc/token',
    '--ca-file',
    '/var/run/tmc/ca.crt',
  ]);
  t.equal(pod.serviceAccountName, name);
  t.match(pod.securityContext, { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } });
  t.match(container.securityContext, {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
  });
  t.same(pod.volumes, [{ name: 'credentials', secret: { secretName: name, defaultMode: 0o440 } }]);
  t.same(container.volumeMounts, [{ name: 'credentials', mountPath: '/var/run/tmc', readOnly: true }]);
  t.equal(deployment.spec.strategy.type, 'Recreate', 'never two syncers of one target at once');
  t.notMatch(result.stdout, /&a\d|\*a\d/, 'plain YAML without anchors');

  // A plain apply would copy the token Secret into a last-applied annotation: every place that
  // says how to apply the manifest (piped from tmc bootstrap, so read from stdin) says server-side.
  const help = await tmc(['bootstrap', '--help']);
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  for (const [where, text] of [
    ['--help', help.stdout],
    ['the hint on stderr', result.stderr],
    ['README.md', readme],
  ] as const) {
    const applies = text.replace(/\\\n\s*/g, ' ').match(/kubectl [^\n`]*apply[^\n`]* -f -[^\n`]*/g) ?? [];
    t.ok(applies.length > 0, `${where} says how to apply the manifest`);
    for (const line of applies) t.match(line, /kubectl (--context \S+ )?apply --server-side -f -/, `${where}: ${line}`);
  }
});

t.test('an existing target is kept as it is; --namespace and --ca-file reach the manifest', async (t) => {
  const dir = freshDir(t);
  const { caCert, cert, key } = makeCa(dir);
  const server = await startCliServer(t, ['--tls-cert-file', cert, '--tls-key-file', key]);
  const apply = await server.run(['apply', '-f', '-', '--ca-file', caCert], {
    input: JSON.stringify(syncTarget('edge-2', { env: 'prod' })),
  });
  t.equal(apply.code, 0, apply.stderr);

  const result = await server.run([
    'bootstrap',
    'edge-2',
    '--image',
    'tmc:dev',
    '--namespace',
    'edge-agents',
    '--ca-file',
    caCert,
  ]);
  t.equal(result.code, 0, result.stderr);
  t.match(result.stderr, /^synctarget\/edge-2 already exists$/m);
  t.match(
    result.stderr,
    /^warning: the syncer will connect to https:\/\/127.0.0.1:\d+, which a pod cannot reach: pass --server-url/m,
  );
  const docs = documents(result.stdout);
  t.equal(byKind(docs, 'Namespace').metadata.name, 'edge-agents');
  t.equal(byKind(docs, 'ClusterRoleBinding').subjects[0].namespace, 'edge-agents');
  t.equal(decode(byKind(docs, 'Secret').data['ca.crt']), readFileSync(caCert, 'utf8'), 'the CA goes into the Secret');
  t.same(
    byKind(docs, 'Deployment').spec.template.spec.containers[0].args.slice(3),
    ['--server', server.url, '--token-file', '/var/run/tmc/token', '--ca-file', '/var/run/tmc/ca.crt'],
    '--server-url defaults to --server',
  );
  const info = await server.run(['get', 'st', 'edge-2', '-o', 'json', '--ca-file', caCert]);
  t.same(JSON.parse(info.stdout).metadata.labels, { env: 'prod' }, 'the existing target is untouched');
});

t.test('bootstrap errors are one line', async (t) => {
  const server = await startCliServer(t);
  assertOneLineError(
    t,
    await server.run(['bootstrap', 'edge-1']),
    /required option '--image <image>' not specified/,
    'no image',
  );
  assertOneLineError(
    t,
    await server.run(['bootstrap', 'edge-1', '--image', 'x', '--token', 'bad']),
    /Unauthorized/,
    'bad token',
  );
  assertOneLineError(
    t,
    await server.run(['bootstrap', 'Bad_Name', '--image', 'x']),
    /^Error from server \(Invalid\)/,
    'invalid name',
  );
  assertOneLineError(
    t,
    await server.run(['bootstrap', 'edge-1', '--image', 'x', '--server-url', 'tmc:8080']),
    /--server-url "tmc:8080" must be an http/,
    'bad --server-url',
  );
  assertOneLineError(
    t,
    await server.run(['bootstrap', 'edge-1', '--image', 'x', '--ca-file', '/etc/hostname']),
    /holds no PEM certificate/,
    'not a CA file',
  );
  t.same((await server.http('GET', ST_PATH)).json.items, [], 'no target was created by a failed bootstrap');
});
