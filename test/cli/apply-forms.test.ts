// `tmc apply -f` through the built CLI: create, idempotent re-apply, three-way updates, and every
// input form (multi-document YAML, JSON, v1 List, stdin).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { ST_PATH, startCliServer, freshDir } from './cli-helpers.js';

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
