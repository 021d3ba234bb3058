// `tmc apply -f` through the built CLI: a Namespace document is applied as kubectl applies it,
// and `tmc get`/`tmc delete` take namespaces as any kind.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { assertOneLineError, startCliServer, freshDir } from './cli-helpers.js';

// Dozens of CLI and server processes: more than tap's default per-file time on a busy machine.
t.setTimeout(420_000);

const SHOP_PATH = '/api/v1/namespaces/shop';
const WEB_PATH = '/apis/apps/v1/namespaces/shop/deployments/web';

t.test('a Namespace document is applied, kept with its labels, and deleting it deletes what it holds', async (t) => {
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
  t.equal(first.stderr, '', 'nothing of the Namespace is dropped');
  const shop = await server.http('GET', SHOP_PATH);
  t.same(shop.json.metadata.labels, { team: 'web', 'kubernetes.io/metadata.name': 'shop' }, 'the labels are kept');
  t.equal(shop.json.status.phase, 'Active');

  const again = await server.run(['apply', '-f', file]);
  t.equal(again.code, 0, again.stderr);
  t.equal(again.stdout, 'namespace/shop unchanged\nnamespace/empty unchanged\ndeployment/web unchanged\n');

  const listed = await server.run(['get', 'ns']);
  t.equal(listed.code, 0, listed.stderr);
  t.match(listed.stdout, /^NAME\s+STATUS\s+AGE\n/, 'the columns kubectl prints');
  t.match(listed.stdout, /\nshop\s+Active\s+\S+\n/);
  t.match(listed.stdout, /\ndefault\s+Active\s+/, 'the system namespaces are there');

  const deleted = await server.run(['delete', 'namespace', 'shop']);
  t.equal(deleted.code, 0, deleted.stderr);
  for (let i = 0; i < 100 && (await server.http('GET', SHOP_PATH)).statusCode !== 404; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  t.equal((await server.http('GET', SHOP_PATH)).statusCode, 404, 'the namespace is gone once emptied');
  t.equal((await server.http('GET', WEB_PATH)).statusCode, 404, 'and what it held went first');
  t.equal((await server.http('GET', '/api/v1/namespaces/empty')).statusCode, 200, 'another namespace stays');
});

t.test('a Namespace the server refuses is reported as any refused object; the rest of the file applies', async (t) => {
  const server = await startCliServer(t);
  const dir = freshDir(t);
  const bad = join(dir, 'bad.yaml');
  writeFileSync(
    bad,
    'apiVersion: v1\nkind: Namespace\nmetadata: {name: Shop_1}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ok}\n',
  );
  const run = await server.run(['apply', '-f', bad]);
  t.equal(run.code, 1);
  t.equal(run.stdout, 'namespace/ok created\n');
  t.match(run.stderr, /Shop_1.*is invalid: metadata\.name: Invalid value: "Shop_1": a lowercase RFC 1123 label/);
  t.equal((await server.http('GET', '/api/v1/namespaces/Shop_1')).statusCode, 404, 'nothing stored for it');
  const wrongVersion = join(dir, 'v2.yaml');
  writeFileSync(wrongVersion, 'apiVersion: v2\nkind: Namespace\nmetadata: {name: shop}\n');
  assertOneLineError(
    t,
    await server.run(['apply', '-f', wrongVersion]),
    /kind Namespace needs apiVersion v1, not "v2"/,
    'a wrong apiVersion',
  );
});
