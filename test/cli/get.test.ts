// `tmc get synctargets` through the built CLI against a real server: every output format,
// names, selectors, paging, heartbeat columns, and the error cases.
import t from 'tap';
import { parse } from 'yaml';
import { ST_PATH, assertOneLineError, parseTable, startCliServer, syncTarget, YOUNG_AGE } from './cli-helpers.js';

// Dozens of CLI and server processes: more than tap's default per-file time on a busy machine.
t.setTimeout(420_000);

t.test('get synctargets', async (t) => {
  const server = await startCliServer(t);
  for (const [name, labels] of [
    ['edge-1', { env: 'prod', region: 'eu' }],
    ['edge-2', { env: 'dev' }],
  ] as const) {
    t.equal((await server.http('POST', ST_PATH, syncTarget(name, labels))).statusCode, 201);
  }
  await server.http('PATCH', `${ST_PATH}/edge-2`, { spec: { unschedulable: true } });

  t.test('the table has kubectl-like columns and ages', async (t) => {
    const result = await server.run(['get', 'synctargets']);
    t.equal(result.code, 0);
    t.match(result.stdout.split('\n')[0], /^NAME {3,}READY {3,}REASON {3,}LAST HEARTBEAT {3,}UNSCHEDULABLE {3,}AGE$/);
    const rows = parseTable(result.stdout);
    t.same(
      rows.map((r) => r.NAME),
      ['edge-1', 'edge-2'],
    );
    t.match(rows[0], {
      READY: 'False',
      REASON: 'NoHeartbeat',
      'LAST HEARTBEAT': '<never>',
      UNSCHEDULABLE: 'false',
      AGE: YOUNG_AGE,
    });
    t.equal(rows[1]!.UNSCHEDULABLE, 'true');
  });

  t.test('every alias names the kind', async (t) => {
    for (const alias of ['st', 'synctarget', 'SyncTargets', 'synctargets.workload.kcp.io']) {
      const result = await server.run(['get', alias, '-o', 'json']);
      t.equal(result.code, 0, alias);
      t.equal(JSON.parse(result.stdout).items.length, 2, alias);
    }
  });

  t.test('-o wide adds versions, eviction and labels', async (t) => {
    const result = await server.run(['get', 'st', '-o', 'wide']);
    const rows = parseTable(result.stdout);
    t.match(rows[0], {
      'SYNCER VERSION': '<none>',
      'KUBERNETES VERSION': '<none>',
      'EVICT AFTER': '<none>',
      LABELS: 'env=prod,region=eu',
    });
  });

  t.test('-o json and -o yaml print a v1 List, or the object itself for one name', async (t) => {
    const list = JSON.parse((await server.run(['get', 'st', '-o', 'json'])).stdout);
    t.match(list, { apiVersion: 'v1', kind: 'List' });
    t.match(list.items[0], {
      apiVersion: 'workload.kcp.io/v1alpha1',
      kind: 'SyncTarget',
      metadata: { name: 'edge-1' },
    });
    const one = parse((await server.run(['get', 'st', 'edge-2', '-o', 'yaml'])).stdout);
    t.match(one, { kind: 'SyncTarget', metadata: { name: 'edge-2' }, spec: { unschedulable: true } });
    const two = parse((await server.run(['get', 'st', 'edge-1', 'edge-2', '-o', 'yaml'])).stdout);
    t.equal(two.kind, 'List');
    t.equal(two.items.length, 2);
  });

  t.test('-l filters by label selector, in the Kubernetes string form', async (t) => {
    const result = await server.run(['get', 'st', '-l', 'env in (prod,staging),region', '-o', 'json']);
    t.same(
      JSON.parse(result.stdout).items.map((i: any) => i.metadata.name),
      ['edge-1'],
    );
    const none = await server.run(['get', 'st', '-l', 'env=qa']);
    t.equal(none.code, 0);
    t.equal(none.stdout, '');
    t.equal(none.stderr, 'No resources found.\n');
  });

  t.test('a missing name is one error line; the others still print', async (t) => {
    const result = await server.run(['get', 'st', 'edge-1', 'nope']);
    assertOneLineError(
      t,
      result,
      /^Error from server \(NotFound\): synctargets.workload.kcp.io "nope" not found$/,
      'missing name',
    );
    t.same(
      parseTable(result.stdout).map((r) => r.NAME),
      ['edge-1'],
    );
  });

  t.test('usage mistakes are one clear line', async (t) => {
    assertOneLineError(
      t,
      await server.run(['get', 'clusters']),
      /unknown resource type "clusters": use one of synctargets\|st/,
      'unknown kind',
    );
    assertOneLineError(
      t,
      await server.run(['get', 'st', 'edge-1', '-l', 'env=prod']),
      /cannot be combined with names/,
      'names and selector',
    );
    assertOneLineError(
      t,
      await server.run(['get', 'st', '-l', 'env in prod']),
      /^Error from server \(BadRequest\)/,
      'bad selector',
    );
    const format = await server.run(['get', 'st', '-o', 'xml']);
    t.not(format.code, 0);
    t.match(format.stderr, /argument 'xml' is invalid. Allowed choices are table, wide, json, yaml/);
  });
});

t.test('a heartbeat shows in READY, REASON and LAST HEARTBEAT', async (t) => {
  const server = await startCliServer(t);
  await server.http('POST', ST_PATH, syncTarget('edge-1'));
  const token = (await server.http('POST', `${ST_PATH}/edge-1/tokens`, {})).json?.token;
  const beat = await server.http(
    'POST',
    `${ST_PATH}/edge-1/heartbeat`,
    { syncerVersion: '0.1.0', kubernetesVersion: 'v1.35.4' },
    token,
  );
  t.equal(beat.statusCode, 200);
  const rows = parseTable((await server.run(['get', 'st', '-o', 'wide'])).stdout);
  t.match(rows[0], {
    READY: 'True',
    REASON: 'HeartbeatHealthy',
    'LAST HEARTBEAT': YOUNG_AGE,
    'SYNCER VERSION': '0.1.0',
    'KUBERNETES VERSION': 'v1.35.4',
  });
});

t.test('lists longer than one page are followed to the end', async (t) => {
  const server = await startCliServer(t);
  const names = Array.from({ length: 7 }, (_, i) => `edge-${i}`);
  for (const name of names) await server.http('POST', ST_PATH, syncTarget(name));
  const result = await server.run(['get', 'st', '-o', 'json', '--chunk-size', '2']);
  t.same(
    JSON.parse(result.stdout)
      .items.map((i: any) => i.metadata.name)
      .sort(),
    names,
  );
  t.equal(parseTable((await server.run(['get', 'st', '--chunk-size', '3'])).stdout).length, 7);
  assertOneLineError(
    t,
    await server.run(['get', 'st', '--chunk-size', 'many']),
    /"many" is not a whole number/,
    'bad chunk size',
  );
});
