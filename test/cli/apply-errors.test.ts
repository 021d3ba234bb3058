// `tmc apply -f` through the built CLI: the ways a file can be wrong, and objects the server rejects.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { ST_PATH, assertOneLineError, startCliServer, freshDir } from './cli-helpers.js';

// Dozens of CLI and server processes: more than tap's default per-file time on a busy machine.
t.setTimeout(420_000);

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
