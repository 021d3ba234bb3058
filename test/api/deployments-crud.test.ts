// Every verb of the contract for Deployments, through HTTP, on a real SQLite store.
import t from 'tap';
import { testApp } from '../helpers/app.js';
import { ALL_DEPLOYMENTS, DEPLOY_PATH, deployment } from '../helpers/workloads.js';

const ITEM = `${DEPLOY_PATH()}/web`;
/** A new Deployment's status: its generation, placed nowhere yet. */
const EMPTY_STATUS = { observedGeneration: 1, replicas: 0, updatedReplicas: 0, readyReplicas: 0, availableReplicas: 0 };

t.test(
  'create answers 201 with server-set metadata, replicas defaulted, unknown fields kept and an empty status',
  async (t) => {
    const { call } = await testApp(t);
    const body = deployment(
      'web',
      { tier: 'front' },
      {
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%' } },
        someFutureField: { kept: true },
      },
    );
    (body.spec.template.spec as Record<string, unknown>).tolerations = [{ key: 'gpu', operator: 'Exists' }];
    const reply = await call('POST', DEPLOY_PATH(), body);
    t.equal(reply.statusCode, 201);
    const d = reply.json;
    t.equal(d.apiVersion, 'apps/v1');
    t.equal(d.kind, 'Deployment');
    t.equal(d.metadata.namespace, 'default');
    t.match(d.metadata.uid, /^[0-9a-f-]{36}$/);
    t.equal(d.metadata.generation, 1);
    t.equal(d.spec.replicas, 1, 'replicas defaults to 1');
    t.same(d.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%' } });
    t.same(d.spec.someFutureField, { kept: true });
    t.same(d.spec.template.spec.tolerations, [{ key: 'gpu', operator: 'Exists' }]);
    t.same(d.status, { ...EMPTY_STATUS, syncTargets: [] });
  },
);

t.test('a client cannot set status on create, PUT or PATCH', async (t) => {
  const { call } = await testApp(t);
  const forged = {
    replicas: 9,
    updatedReplicas: 9,
    readyReplicas: 9,
    availableReplicas: 9,
    syncTargets: [{ name: 'x', state: 'Applied', lastUpdateTime: '2020-01-01T00:00:00Z' }],
  };
  const created = await call('POST', DEPLOY_PATH(), { ...deployment('web'), status: forged });
  t.equal(created.json.status.readyReplicas, 0);
  const put = await call('PUT', ITEM, { ...created.json, status: forged });
  t.equal(put.statusCode, 200);
  t.same(put.json.status.syncTargets, []);
  const patched = await call('PATCH', ITEM, { status: forged });
  t.equal(patched.statusCode, 200);
  t.same(patched.json.status.syncTargets, []);
});

t.test('get, and the namespace is part of the identity', async (t) => {
  const { call } = await testApp(t);
  await call('POST', DEPLOY_PATH('team-a'), deployment('web'));
  await call('POST', DEPLOY_PATH('team-b'), deployment('web', { team: 'b' }));
  const a = await call('GET', `${DEPLOY_PATH('team-a')}/web`);
  const b = await call('GET', `${DEPLOY_PATH('team-b')}/web`);
  t.equal(a.statusCode, 200);
  t.equal(b.json.metadata.labels.team, 'b');
  t.not(a.json.metadata.uid, b.json.metadata.uid);
  const missing = await call('GET', `${DEPLOY_PATH('team-c')}/web`);
  t.equal(missing.statusCode, 404);
  t.match(missing.json, {
    kind: 'Status',
    reason: 'NotFound',
    message: 'deployments.apps "web" not found',
    details: { name: 'web', group: 'apps', kind: 'deployments' },
  });
});

t.test('list one namespace or all, with labelSelector, limit and continue', async (t) => {
  const { call } = await testApp(t);
  for (const [ns, name, env] of [
    ['a', 'one', 'prod'],
    ['a', 'two', 'dev'],
    ['b', 'three', 'prod'],
    ['c', 'four', 'prod'],
  ]) {
    await call('POST', DEPLOY_PATH(ns), deployment(name!, { env: env! }));
  }
  const inA = await call('GET', DEPLOY_PATH('a'));
  t.equal(inA.statusCode, 200);
  t.equal(inA.json.kind, 'DeploymentList');
  t.equal(inA.json.apiVersion, 'apps/v1');
  t.same(
    inA.json.items.map((d: any) => d.metadata.name),
    ['one', 'two'],
  );

  const all = await call('GET', ALL_DEPLOYMENTS);
  t.same(
    all.json.items.map((d: any) => `${d.metadata.namespace}/${d.metadata.name}`),
    ['a/one', 'a/two', 'b/three', 'c/four'],
  );

  const prod = await call('GET', `${ALL_DEPLOYMENTS}?labelSelector=${encodeURIComponent('env=prod,app notin (four)')}`);
  t.same(
    prod.json.items.map((d: any) => d.metadata.name),
    ['one', 'three'],
  );

  const first = await call('GET', `${ALL_DEPLOYMENTS}?limit=3`);
  t.equal(first.json.items.length, 3);
  t.ok(first.json.metadata.continue);
  const rest = await call('GET', `${ALL_DEPLOYMENTS}?limit=3&continue=${first.json.metadata.continue}`);
  t.same(
    rest.json.items.map((d: any) => d.metadata.name),
    ['four'],
  );
  t.notOk(rest.json.metadata.continue);

  const bad = await call('GET', `${ALL_DEPLOYMENTS}?labelSelector=${encodeURIComponent('env in prod')}`);
  t.equal(bad.statusCode, 400);
  t.equal(bad.json.reason, 'BadRequest');
});

t.test('replace with the read resourceVersion: generation moves with the spec only', async (t) => {
  const { call } = await testApp(t);
  const created = (await call('POST', DEPLOY_PATH(), deployment('web'))).json;
  const relabeled = await call('PUT', ITEM, {
    ...created,
    metadata: { ...created.metadata, labels: { app: 'web', v: '2' } },
  });
  t.equal(relabeled.statusCode, 200);
  t.equal(relabeled.json.metadata.generation, 1);
  const scaled = await call('PUT', ITEM, { ...relabeled.json, spec: { ...relabeled.json.spec, replicas: 5 } });
  t.equal(scaled.statusCode, 200);
  t.equal(scaled.json.spec.replicas, 5);
  t.equal(scaled.json.metadata.generation, 2);
  t.equal(scaled.json.status.observedGeneration, 2, 'the status says the new generation in the same write');
  const stale = await call('PUT', ITEM, { ...created, spec: { ...created.spec, replicas: 7 } });
  t.equal(stale.statusCode, 409);
  t.equal(stale.json.reason, 'Conflict');
  t.equal((await call('GET', ITEM)).json.spec.replicas, 5, 'the stale write changed nothing');
});

t.test('merge patch changes metadata and spec; null removes a field', async (t) => {
  const { call } = await testApp(t);
  await call('POST', DEPLOY_PATH(), deployment('web', { tier: 'front' }, { paused: true }));
  const patched = await call('PATCH', ITEM, {
    metadata: { labels: { tier: null, zone: 'a' } },
    spec: { replicas: 3, paused: null },
  });
  t.equal(patched.statusCode, 200);
  t.same(patched.json.metadata.labels, { app: 'web', zone: 'a' });
  t.equal(patched.json.spec.replicas, 3);
  t.notOk('paused' in patched.json.spec);
  t.equal(patched.json.metadata.generation, 2);
  const broken = await call('PATCH', ITEM, { spec: { template: { metadata: { labels: { app: 'other' } } } } });
  t.equal(broken.statusCode, 422, 'a patch that breaks the selector match is refused');
  t.equal((await call('GET', ITEM)).json.metadata.generation, 2);
});

t.test('delete answers 200 with the deleted object, then 404', async (t) => {
  const { call } = await testApp(t);
  await call('POST', DEPLOY_PATH(), deployment('web'));
  const deleted = await call('DELETE', ITEM);
  t.equal(deleted.statusCode, 200);
  t.equal(deleted.json.kind, 'Deployment');
  t.equal(deleted.json.metadata.name, 'web');
  t.equal((await call('GET', ITEM)).statusCode, 404);
  t.equal((await call('DELETE', ITEM)).statusCode, 404);
});

t.test('a manifest exported from a cluster, with its own status, is accepted and that status ignored', async (t) => {
  const { call } = await testApp(t);
  const exported = {
    ...deployment('web'),
    status: {
      observedGeneration: 4,
      replicas: 2,
      updatedReplicas: 2,
      conditions: [{ type: 'Available', status: 'True' }],
    },
  };
  const reply = await call('POST', DEPLOY_PATH(), exported);
  t.equal(reply.statusCode, 201, reply.body);
  t.same(reply.json.status, { ...EMPTY_STATUS, syncTargets: [] });
});
