// delete, cordon/uncordon and token through the built CLI against a real server.
import t from 'tap';
import { ST_PATH, assertOneLineError, startCliServer, syncTarget } from './cli-helpers.js';

// Dozens of CLI and server processes: more than tap's default per-file time on a busy machine.
t.setTimeout(420_000);

t.test('delete removes objects by kind and name', async (t) => {
  const server = await startCliServer(t);
  for (const name of ['a', 'b', 'c']) await server.http('POST', ST_PATH, syncTarget(name));
  const deleted = await server.run(['delete', 'st', 'a', 'b']);
  t.equal(deleted.code, 0, deleted.stderr);
  t.equal(deleted.stdout, 'synctarget "a" deleted\nsynctarget "b" deleted\n');
  t.same(
    (await server.http('GET', ST_PATH)).json.items.map((i: any) => i.metadata.name),
    ['c'],
  );

  assertOneLineError(
    t,
    await server.run(['delete', 'synctarget', 'a']),
    /^Error from server \(NotFound\): synctargets.workload.kcp.io "a" not found$/,
    'already gone',
  );
  const ignored = await server.run(['delete', 'st', 'a', '--ignore-not-found']);
  t.equal(ignored.code, 0);
  t.equal(ignored.stdout + ignored.stderr, '');
  assertOneLineError(t, await server.run(['delete', 'nodes', 'x']), /unknown resource type "nodes"/, 'unknown kind');
  assertOneLineError(t, await server.run(['delete', 'st']), /missing required argument 'names'/, 'no name');
});

t.test('cordon and uncordon flip spec.unschedulable and nothing else', async (t) => {
  const server = await startCliServer(t);
  await server.http('POST', ST_PATH, syncTarget('edge-1', { env: 'prod' }, { evictAfter: '2030-01-01T00:00:00Z' }));
  const cordon = await server.run(['cordon', 'edge-1']);
  t.equal(cordon.stdout, 'synctarget/edge-1 cordoned\n', cordon.stderr);
  const cordoned = (await server.http('GET', `${ST_PATH}/edge-1`)).json;
  t.match(cordoned, {
    metadata: { labels: { env: 'prod' } },
    spec: { unschedulable: true, evictAfter: '2030-01-01T00:00:00Z' },
  });
  t.equal((await server.run(['cordon', 'edge-1'])).stdout, 'synctarget/edge-1 already cordoned\n');
  t.equal(
    (await server.http('GET', `${ST_PATH}/edge-1`)).json.metadata.resourceVersion,
    cordoned.metadata.resourceVersion,
    'no write when already cordoned',
  );

  t.equal((await server.run(['uncordon', 'edge-1'])).stdout, 'synctarget/edge-1 uncordoned\n');
  t.equal((await server.http('GET', `${ST_PATH}/edge-1`)).json.spec.unschedulable, false);
  t.equal((await server.run(['uncordon', 'edge-1'])).stdout, 'synctarget/edge-1 already uncordoned\n');
  assertOneLineError(
    t,
    await server.run(['cordon', 'edge-9']),
    /^Error from server \(NotFound\): synctargets.workload.kcp.io "edge-9" not found$/,
    'missing target',
  );
});

t.test('token prints a new agent token that the agent endpoints accept', async (t) => {
  const server = await startCliServer(t);
  await server.http('POST', ST_PATH, syncTarget('edge-1'));
  const issued = await server.run(['token', 'edge-1']);
  t.equal(issued.code, 0, issued.stderr);
  const token = issued.stdout.trim();
  t.match(issued.stdout, /^\S{20,}\n$/, 'only the token, on one line');
  t.not((await server.run(['token', 'edge-1'])).stdout.trim(), token, 'every call issues a new one');

  const beat = await server.http('POST', `${ST_PATH}/edge-1/heartbeat`, {}, token);
  t.equal(beat.statusCode, 200, 'the token works for its own target');
  // An agent token is no admin token: the admin commands say so in one line.
  assertOneLineError(
    t,
    await server.run(['get', 'st', '--token', token]),
    /^Error from server \(Forbidden\): .* — the admin commands need an admin token, not an agent token$/,
    'agent token as admin',
  );
  assertOneLineError(
    t,
    await server.run(['token', 'nope']),
    /^Error from server \(NotFound\): synctargets.workload.kcp.io "nope" not found$/,
    'missing target',
  );
});
