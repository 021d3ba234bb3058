// `tmc apply -f` through the built CLI: a Namespace document taken as kubectl would.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { ST_PATH, assertOneLineError, startCliServer, freshDir } from './cli-helpers.js';

// Dozens of CLI and server processes: more than tap's default per-file time on a busy machine.
t.setTimeout(420_000);

t.test('a Namespace document is taken as kubectl would: created while empty, then unchanged', async (t) => {
  const server = await startCliServer(t);
  const dir = freshDir(t);
  const file = join(dir, 'shop.yaml');
  writeFileSync(
    file,
    [
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {team: web}}\n',
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: empty}\n',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\n' +
        'spec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: nginx}]}}}\n',
    ].join('---\n'),
  );
  const first = await server.run(['apply', '-f', file]);
  t.equal(first.code, 0, first.stderr);
  t.equal(first.stdout, 'namespace/shop created\nnamespace/empty created\ndeployment/web created\n');
  t.equal(
    first.stderr,
    'Warning: namespace/shop: namespaces are implicit in tmc, which keeps no Namespace object; not kept: labels\n',
  );
  t.equal(
    (await server.http('GET', '/apis/apps/v1/namespaces/shop/deployments/web')).statusCode,
    200,
    'the rest of the file applied',
  );

  const again = await server.run(['apply', '-f', file]);
  t.equal(again.code, 0, again.stderr);
  t.equal(
    again.stdout,
    'namespace/shop unchanged\nnamespace/empty created\ndeployment/web unchanged\n',
    'a namespace that holds objects is there',
  );

  const bad = join(dir, 'bad.yaml');
  writeFileSync(
    bad,
    'apiVersion: v1\nkind: Namespace\nmetadata: {name: Shop_1}\n---\napiVersion: workload.kcp.io/v1alpha1\nkind: SyncTarget\nmetadata: {name: x}\n',
  );
  assertOneLineError(
    t,
    await server.run(['apply', '-f', bad]),
    /bad.yaml document 1: Namespace "Shop_1" is not a valid name: a lowercase RFC 1123 label/,
    'a bad name',
  );
  t.same((await server.http('GET', ST_PATH)).json.items, [], 'a bad Namespace applies nothing');
  const wrongVersion = join(dir, 'v2.yaml');
  writeFileSync(wrongVersion, 'apiVersion: v2\nkind: Namespace\nmetadata: {name: shop}\n');
  assertOneLineError(
    t,
    await server.run(['apply', '-f', wrongVersion]),
    /kind Namespace needs apiVersion v1, not "v2"/,
    'a wrong apiVersion',
  );
});
