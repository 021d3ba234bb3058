// `tmc apply -f` through the built CLI: create, idempotent re-apply, three-way updates, every
// input form (multi-document YAML, JSON, v1 List, stdin) and the ways a file can be wrong.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { ST_PATH, assertOneLineError, startCliServer, freshDir } from './cli-helpers.js';

// Dozens of CLI and server processes: more than tap's default per-file time on a busy machine.
t.setTimeout(420_000);

const TWO_TARGETS = `# two clusters
apiVersion: workload.kcp.io/v1alpha1
kind: SyncTarget
metadata:
  name: edge-1
  labels: {env: prod, tier: edge}
---
apiVersion: workload.kcp.io/v1alpha1
kind: SyncTarget
metadata:
  name: edge-2
spec:
  unschedulable: true
`;

t.test('apply creates, then is idempotent, then updates three-way', async (t) => {
  const server = await startCliServer(t);
  const dir = freshDir(t);
  const file = join(dir, 'targets.yaml');
  writeFileSync(file, TWO_TARGETS);

  const created = await server.run(['apply', '-f', file]);
  t.equal(created.code, 0, created.stderr);
  t.equal(created.stdout, 'synctarget/edge-1 created\nsynctarget/edge-2 created\n');
  const before = (await server.http('GET', ST_PATH)).json.metadata.resourceVersion;

  const again = await server.run(['apply', '-f', file]);
  t.equal(again.stdout, 'synctarget/edge-1 unchanged\nsynctarget/edge-2 unchanged\n');
  t.equal(
    (await server.http('GET', ST_PATH)).json.metadata.resourceVersion,
    before,
    'an unchanged apply writes nothing',
  );

  // Someone cordons edge-1 by hand; the file does not say anything about that, so it stays.
  t.equal((await server.run(['cordon', 'edge-1'])).code, 0);
  writeFileSync(file, TWO_TARGETS.replace('labels: {env: prod, tier: edge}', 'labels: {env: staging}'));
  const changed = await server.run(['apply', '-f', file]);
  t.equal(changed.stdout, 'synctarget/edge-1 configured\nsynctarget/edge-2 unchanged\n');
  const edge1 = (await server.http('GET', `${ST_PATH}/edge-1`)).json;
  t.same(edge1.metadata.labels, { env: 'staging' }, 'a label dropped from the file is removed, a changed one updated');
  t.equal(edge1.spec.unschedulable, true, 'a field the file never set is left as others set it');

  // A field the file did set and now leaves out is removed (back to the server default).
  writeFileSync(file, TWO_TARGETS.replace('spec:\n  unschedulable: true\n', ''));
  t.match((await server.run(['apply', '-f', file])).stdout, 'synctarget/edge-2 configured');
  t.equal((await server.http('GET', `${ST_PATH}/edge-2`)).json.spec.unschedulable, false);
  t.match((await server.run(['apply', '-f', file])).stdout, /edge-1 unchanged\n.*edge-2 unchanged/s);
});

t.test('JSON files, v1 Lists and stdin; get -o output applies back unchanged', async (t) => {
  const server = await startCliServer(t);
  const dir = freshDir(t);
  const json = join(dir, 'target.json');
  writeFileSync(
    json,
    JSON.stringify(
      {
        apiVersion: 'workload.kcp.io/v1alpha1',
        kind: 'SyncTarget',
        metadata: { name: 'edge-json', labels: { a: 'b' } },
      },
      null,
      '\t',
    ),
  );
  t.equal((await server.run(['apply', '-f', json])).stdout, 'synctarget/edge-json created\n');

  const list = {
    apiVersion: 'v1',
    kind: 'List',
    items: [{ apiVersion: 'workload.kcp.io/v1alpha1', kind: 'SyncTarget', metadata: { name: 'edge-list' } }],
  };
  const fromStdin = await server.run(['apply', '-f', '-'], { input: JSON.stringify(list) });
  t.equal(fromStdin.stdout, 'synctarget/edge-list created\n', fromStdin.stderr);

  // As with kubectl, the first round trip takes over the printed spec (server defaults
  // included) as the applied configuration; from then on it is a no-op.
  const stored = async () =>
    (await server.http('GET', ST_PATH)).json.items.map((i: any) => [i.metadata.labels, i.spec]);
  const before = await stored();
  const first = await server.run(['apply', '-f', '-'], {
    input: (await server.run(['get', 'st', '-o', 'json'])).stdout,
  });
  t.equal(first.stdout, 'synctarget/edge-json configured\nsynctarget/edge-list configured\n', first.stderr);
  t.same(await stored(), before, 'labels and spec are as they were');
  for (const format of ['json', 'yaml']) {
    const printed = await server.run(['get', 'st', '-o', format]);
    const reapplied = await server.run(['apply', '-f', '-'], { input: printed.stdout });
    t.equal(reapplied.code, 0, reapplied.stderr);
    t.equal(
      reapplied.stdout,
      'synctarget/edge-json unchanged\nsynctarget/edge-list unchanged\n',
      `get -o ${format} | apply`,
    );
  }
});

t.test('a broken file is one clear line and applies nothing', async (t) => {
  const server = await startCliServer(t);
  const dir = freshDir(t);
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const good = 'apiVersion: workload.kcp.io/v1alpha1\nkind: SyncTarget\nmetadata: {name: fine}\n---\n';
  const cases: [string, RegExp][] = [
    [
      write('syntax.yaml', `${good}metadata: {name: [unclosed\n`),
      /syntax.yaml is not valid YAML or JSON: .* at line \d+, column \d+$/,
    ],
    [
      write('kind.yaml', `${good}apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n`),
      /kind.yaml document 2: unknown kind "Pod": tmc manages SyncTarget, Deployment, Placement/,
    ],
    [
      write('version.yaml', `${good}apiVersion: apps/v2\nkind: Deployment\nmetadata: {name: d}\n`),
      /document 2: kind Deployment needs apiVersion apps\/v1, not "apps\/v2"/,
    ],
    [
      write('noname.yaml', `${good}apiVersion: workload.kcp.io/v1alpha1\nkind: SyncTarget\nmetadata: {}\n`),
      /document 2: SyncTarget has no metadata.name/,
    ],
    [
      write('scalar.yaml', `${good}just a string\n`),
      /document 2: expected an object with apiVersion, kind and metadata/,
    ],
    [write('empty.yaml', '# nothing\n'), /no objects found in .*empty.yaml/],
    [join(dir, 'missing.yaml'), /cannot read .*missing.yaml: ENOENT/],
  ];
  for (const [file, message] of cases) assertOneLineError(t, await server.run(['apply', '-f', file]), message, file);
  t.same((await server.http('GET', ST_PATH)).json.items, [], 'nothing was created by any of them');

  const mismatch = write(
    'ns.yaml',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: team-a}\n',
  );
  assertOneLineError(
    t,
    await server.run(['apply', '-f', mismatch, '-n', 'team-b']),
    /namespace "team-a" does not match --namespace "team-b"/,
    'namespace mismatch',
  );
  assertOneLineError(t, await server.run(['apply']), /required option '-f, --filename <file>' not specified/, 'no -f');
});

t.test('an object the server rejects is reported; the rest of the file is still applied', async (t) => {
  const server = await startCliServer(t);
  const dir = freshDir(t);
  const file = join(dir, 'mixed.yaml');
  writeFileSync(
    file,
    [
      'apiVersion: workload.kcp.io/v1alpha1\nkind: SyncTarget\nmetadata: {name: Not_A_DNS_Name}\n',
      'apiVersion: workload.kcp.io/v1alpha1\nkind: SyncTarget\nmetadata: {name: ok}\nspec: {unschedulable: "yes"}\n',
      'apiVersion: workload.kcp.io/v1alpha1\nkind: SyncTarget\nmetadata: {name: good}\n',
    ].join('---\n'),
  );
  const result = await server.run(['apply', '-f', file]);
  t.equal(result.code, 1);
  t.equal(result.stdout, 'synctarget/good created\n');
  const errors = result.stderr.trimEnd().split('\n');
  t.equal(errors.length, 2, result.stderr);
  t.match(errors[0], /^Error from server \(Invalid\): .*Not_A_DNS_Name.* is invalid: metadata.name/);
  t.match(errors[1], /^Error from server \(Invalid\): .*"ok" is invalid: spec.unschedulable/);
  t.notMatch(result.stderr, /\n\s+at /);
});

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
