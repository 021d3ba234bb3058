// Two real server processes on one PostgreSQL database: what one writes the other reads, and
// optimistic concurrency holds across them.
import t from 'tap';
import { startReplicas } from '../helpers/replicas.js';

const ST = '/apis/workload.kcp.io/v1alpha1/synctargets';

t.test('an object created on one replica is read and conflict-checked on the other', async (t) => {
  const {
    replicas: [a, b],
  } = await startReplicas(t, 2);
  const created = await a!.call('POST', ST, { metadata: { name: 'edge-1', labels: { env: 'prod' } } });
  t.equal(created.statusCode, 201);

  const read = await b!.call('GET', `${ST}/edge-1`);
  t.equal(read.statusCode, 200);
  t.equal(read.json.metadata.uid, created.json.metadata.uid, 'the same object');
  t.equal(read.json.metadata.resourceVersion, created.json.metadata.resourceVersion);
  t.same(
    (await b!.call('GET', ST)).json.items.map((i: { metadata: { name: string } }) => i.metadata.name),
    ['edge-1'],
  );

  // A changes it; B still holds the version it read, so B's replace must be refused.
  const stale = read.json;
  const changed = await a!.call('PUT', `${ST}/edge-1`, { ...stale, spec: { ...stale.spec, unschedulable: true } });
  t.equal(changed.statusCode, 200);
  const refused = await b!.call('PUT', `${ST}/edge-1`, {
    ...stale,
    metadata: { ...stale.metadata, labels: { env: 'dev' } },
  });
  t.equal(refused.statusCode, 409);
  t.equal(refused.json.reason, 'Conflict');
  const current = await b!.call('GET', `${ST}/edge-1`);
  t.same(current.json.metadata.labels, { env: 'prod' }, 'the refused write changed nothing');
  t.equal(current.json.spec.unschedulable, true, "and B sees A's change");

  const retried = await b!.call('PUT', `${ST}/edge-1`, {
    ...current.json,
    metadata: { ...current.json.metadata, labels: { env: 'dev' } },
  });
  t.equal(retried.statusCode, 200, 'with the version it now read, B may write');
  t.equal((await a!.call('POST', ST, { metadata: { name: 'edge-1' } })).statusCode, 409, 'the name is taken for both');

  for (const replica of [a!, b!]) {
    const ready = await replica.call('GET', '/readyz');
    t.equal(ready.statusCode, 200);
    t.equal(ready.json.checks.store, 'ok');
  }
});
