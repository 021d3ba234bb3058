// Every verb of the contract for SyncTargets, through HTTP, on a real SQLite store.
import t from 'tap';
import { ST_PATH, syncTarget, testApp } from '../helpers/app.js';

t.test('create answers 201 with server-set metadata, defaults and the initial status', async (t) => {
  const { call } = await testApp(t);
  const reply = await call('POST', ST_PATH, syncTarget('edge-1', { env: 'prod' }));
  t.equal(reply.statusCode, 201);
  const st = reply.json;
  t.equal(st.apiVersion, 'workload.kcp.io/v1alpha1');
  t.equal(st.kind, 'SyncTarget');
  t.match(st.metadata.uid, /^[0-9a-f-]{36}$/);
  t.match(st.metadata.resourceVersion, /^\d+$/);
  t.equal(st.metadata.generation, 1);
  t.ok(Date.parse(st.metadata.creationTimestamp));
  t.same(st.spec, { unschedulable: false });
  const ready = st.status.conditions.find((c: { type: string }) => c.type === 'Ready');
  t.match(ready, { status: 'False', reason: 'NoHeartbeat' });
  t.equal(reply.headers['content-type'], 'application/json; charset=utf-8');
});

t.test('apiVersion and kind may be left out of the body; the path implies them', async (t) => {
  const { call } = await testApp(t);
  const reply = await call('POST', ST_PATH, { metadata: { name: 'edge-2' } });
  t.equal(reply.statusCode, 201);
  t.equal(reply.json.kind, 'SyncTarget');
});

t.test('server-set fields sent by the client are replaced, status is ignored', async (t) => {
  const { call } = await testApp(t);
  const reply = await call('POST', ST_PATH, {
    ...syncTarget('edge-1'),
    metadata: { name: 'edge-1', uid: 'mine', generation: 7, creationTimestamp: '2001-01-01T00:00:00Z' },
    status: { syncerVersion: 'forged', conditions: [{ type: 'Ready', status: 'True' }] },
  });
  t.equal(reply.statusCode, 201);
  t.not(reply.json.metadata.uid, 'mine');
  t.equal(reply.json.metadata.generation, 1);
  t.not(reply.json.metadata.creationTimestamp, '2001-01-01T00:00:00Z');
  t.equal(reply.json.status.syncerVersion, undefined);
  t.equal(reply.json.status.conditions[0].status, 'False');
});

t.test('generateName makes a unique name', async (t) => {
  const { call } = await testApp(t);
  const a = await call('POST', ST_PATH, { metadata: { generateName: 'edge-' } });
  const b = await call('POST', ST_PATH, { metadata: { generateName: 'edge-' } });
  t.equal(a.statusCode, 201);
  t.match(a.json.metadata.name, /^edge-[a-z0-9]{5}$/);
  t.not(a.json.metadata.name, b.json.metadata.name);
});

t.test('get, replace with the read resourceVersion, and generation', async (t) => {
  const { call } = await testApp(t);
  await call('POST', ST_PATH, syncTarget('edge-1'));
  const read = await call('GET', `${ST_PATH}/edge-1`);
  t.equal(read.statusCode, 200);

  const labelsOnly = { ...read.json, metadata: { ...read.json.metadata, labels: { tier: 'gold' } } };
  const relabeled = await call('PUT', `${ST_PATH}/edge-1`, labelsOnly);
  t.equal(relabeled.statusCode, 200);
  t.same(relabeled.json.metadata.labels, { tier: 'gold' });
  t.equal(relabeled.json.metadata.generation, 1, 'a metadata-only change keeps the generation');
  t.ok(Number(relabeled.json.metadata.resourceVersion) > Number(read.json.metadata.resourceVersion));

  const cordoned = { ...relabeled.json, spec: { unschedulable: true }, status: { syncerVersion: 'forged' } };
  const replaced = await call('PUT', `${ST_PATH}/edge-1`, cordoned);
  t.equal(replaced.statusCode, 200);
  t.equal(replaced.json.spec.unschedulable, true);
  t.equal(replaced.json.metadata.generation, 2, 'a spec change bumps the generation');
  t.equal(replaced.json.metadata.uid, read.json.metadata.uid);
  t.equal(replaced.json.metadata.creationTimestamp, read.json.metadata.creationTimestamp);
  t.same(replaced.json.status, read.json.status, 'PUT does not write status');
});

t.test('merge patch changes metadata and spec only and re-applies over concurrent writes', async (t) => {
  const { call } = await testApp(t);
  await call('POST', ST_PATH, syncTarget('edge-1', { env: 'prod', tier: 'gold' }));
  const patched = await call('PATCH', `${ST_PATH}/edge-1`, {
    metadata: { labels: { tier: null, zone: 'a' } },
    spec: { evictAfter: '2030-01-01T00:00:00Z' },
    status: { syncerVersion: 'forged' },
  });
  t.equal(patched.statusCode, 200);
  t.same(patched.json.metadata.labels, { env: 'prod', zone: 'a' });
  t.same(patched.json.spec, { unschedulable: false, evictAfter: '2030-01-01T00:00:00Z' });
  t.equal(patched.json.metadata.generation, 2);
  t.equal(patched.json.status.syncerVersion, undefined);

  const removed = await call('PATCH', `${ST_PATH}/edge-1`, { spec: { evictAfter: null } });
  t.same(removed.json.spec, { unschedulable: false });
  t.equal(removed.json.metadata.generation, 3);
});

t.test('a patch that pins a stale resourceVersion is a conflict', async (t) => {
  const { call } = await testApp(t);
  const created = await call('POST', ST_PATH, syncTarget('edge-1'));
  await call('PATCH', `${ST_PATH}/edge-1`, { metadata: { labels: { a: 'b' } } });
  const stale = await call('PATCH', `${ST_PATH}/edge-1`, {
    metadata: { resourceVersion: created.json.metadata.resourceVersion, labels: { c: 'd' } },
  });
  t.equal(stale.statusCode, 409);
  t.equal(stale.json.reason, 'Conflict');
});

t.test('delete answers 200 with the deleted object; it is gone afterwards', async (t) => {
  const { call } = await testApp(t);
  await call('POST', ST_PATH, syncTarget('edge-1'));
  const deleted = await call('DELETE', `${ST_PATH}/edge-1`);
  t.equal(deleted.statusCode, 200);
  t.equal(deleted.json.kind, 'SyncTarget');
  t.equal(deleted.json.metadata.name, 'edge-1');
  t.equal((await call('GET', `${ST_PATH}/edge-1`)).statusCode, 404);
  t.equal((await call('DELETE', `${ST_PATH}/edge-1`)).statusCode, 404);
});

t.test('delete honours DeleteOptions preconditions', async (t) => {
  const { call } = await testApp(t);
  const created = await call('POST', ST_PATH, syncTarget('edge-1'));
  const wrongUid = await call('DELETE', `${ST_PATH}/edge-1`, { preconditions: { uid: 'not-it' } });
  t.equal(wrongUid.statusCode, 409);
  const staleRv = await call('DELETE', `${ST_PATH}/edge-1`, { preconditions: { resourceVersion: '999999' } });
  t.equal(staleRv.statusCode, 409);
  const right = await call('DELETE', `${ST_PATH}/edge-1`, {
    preconditions: { uid: created.json.metadata.uid, resourceVersion: created.json.metadata.resourceVersion },
  });
  t.equal(right.statusCode, 200);
});

t.test('the resourceVersion is one store-wide counter that only grows', async (t) => {
  const { call } = await testApp(t);
  const versions: number[] = [];
  for (const name of ['a', 'b', 'c'])
    versions.push(Number((await call('POST', ST_PATH, syncTarget(name))).json.metadata.resourceVersion));
  versions.push(Number((await call('DELETE', `${ST_PATH}/b`)).json.metadata.resourceVersion));
  versions.push(
    Number((await call('PATCH', `${ST_PATH}/a`, { spec: { unschedulable: true } })).json.metadata.resourceVersion),
  );
  t.same(
    [...versions].sort((x, y) => x - y),
    versions,
  );
  t.equal(new Set(versions).size, versions.length);
  const list = await call('GET', ST_PATH);
  t.equal(list.json.metadata.resourceVersion, String(versions[versions.length - 1]));
});
