// Every admin verb takes names of the longest allowed length: 253 characters (namespaces 63).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { parseAllDocuments } from 'yaml';
import { ST_PATH, freshDir, startCliServer } from './cli-helpers.js';

// A server and a dozen CLI processes: more than tap's default per-file time on a busy machine.
t.setTimeout(300_000);

const longName = (prefix: string, length: number): string => `${prefix}-${'x'.repeat(length - prefix.length - 2)}1`;
const TARGET = longName('edge', 253);
const NAMESPACE = longName('ns', 63);
const DEPLOYMENT = longName('web', 253);

t.test('apply, get, cordon, token, bootstrap and delete with 253-character names', async (t) => {
  const server = await startCliServer(t);
  const file = join(freshDir(t), 'long.yaml');
  writeFileSync(
    file,
    [
      `apiVersion: workload.kcp.io/v1alpha1\nkind: SyncTarget\nmetadata: {name: ${TARGET}}\n`,
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${DEPLOYMENT}, namespace: ${NAMESPACE}}\n` +
        'spec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: nginx}]}}}\n',
    ].join('---\n'),
  );
  const applied = await server.run(['apply', '-f', file]);
  t.equal(applied.code, 0, applied.stderr);
  t.equal(applied.stdout, `synctarget/${TARGET} created\ndeployment/${DEPLOYMENT} created\n`);
  t.equal(
    (await server.run(['apply', '-f', file])).stdout,
    `synctarget/${TARGET} unchanged\ndeployment/${DEPLOYMENT} unchanged\n`,
  );

  const got = await server.run(['get', 'st', TARGET, '-o', 'json']);
  t.equal(got.code, 0, got.stderr);
  t.equal(JSON.parse(got.stdout).metadata.name, TARGET);
  const deployment = await server.run(['get', 'deploy', DEPLOYMENT, '-n', NAMESPACE, '-o', 'json']);
  t.equal(JSON.parse(deployment.stdout).metadata.name, DEPLOYMENT, deployment.stderr);

  t.equal((await server.run(['cordon', TARGET])).stdout, `synctarget/${TARGET} cordoned\n`);
  t.equal((await server.run(['uncordon', TARGET])).stdout, `synctarget/${TARGET} uncordoned\n`);
  const token = await server.run(['token', TARGET]);
  t.equal(token.code, 0, token.stderr);
  t.equal(
    (await server.http('POST', `${ST_PATH}/${TARGET}/heartbeat`, {}, token.stdout.trim())).statusCode,
    200,
    'the token works',
  );

  const bootstrap = await server.run([
    'bootstrap',
    TARGET,
    '--image',
    'registry.example/tmc:0.1.0',
    '--server-url',
    'https://tmc.example:8443',
  ]);
  t.equal(bootstrap.code, 0, bootstrap.stderr);
  const syncer = parseAllDocuments(bootstrap.stdout)
    .map((d) => d.toJS())
    .find((d) => d.kind === 'Deployment');
  t.same(syncer.spec.template.spec.containers[0].args.slice(0, 3), ['syncer', '--sync-target-name', TARGET]);

  const deleted = await server.run(['delete', 'deploy', DEPLOYMENT, '-n', NAMESPACE]);
  t.equal(deleted.stdout, `deployment "${DEPLOYMENT}" deleted\n`, deleted.stderr);
  t.equal((await server.run(['delete', 'st', TARGET])).stdout, `synctarget "${TARGET}" deleted\n`);
  t.same((await server.http('GET', ST_PATH)).json.items, []);
});
