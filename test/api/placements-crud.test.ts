// Every verb of the contract for Placements, through HTTP, and the status the scheduler keeps.
import t from 'tap';
import { ST_PATH, syncTarget, testApp } from '../helpers/app.js';
import { waitFor } from '../helpers/wait.js';
import { DEPLOY_PATH, PLACEMENT_PATH, deployment, placement } from '../helpers/workloads.js';

const ITEM = `${PLACEMENT_PATH()}/prod`;

t.test('create, get, list, replace, patch and delete', async (t) => {
  const { call } = await testApp(t);
  const created = await call(
    'POST',
    PLACEMENT_PATH(),
    placement('prod', {
      deploymentSelector: { matchLabels: { tier: 'front' } },
      syncTargetSelector: { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] },
      syncTargetNames: ['edge-9'],
      numberOfSyncTargets: 2,
      unknownField: 'dropped',
    }),
  );
  t.equal(created.statusCode, 201);
  t.equal(created.json.apiVersion, 'scheduling.kcp.io/v1alpha1');
  t.equal(created.json.metadata.namespace, 'default');
  t.equal(created.json.metadata.generation, 1);
  t.same(created.json.spec.syncTargetNames, ['edge-9']);
  t.notOk('unknownField' in created.json.spec, 'unknown spec fields are pruned, as a structural CRD does');
  t.same(created.json.status.selectedSyncTargets, []);

  // The scheduler writes the status a turn after the create: read what a client would replace then.
  const got = await waitFor(async () => {
    const reply = await call('GET', ITEM);
    return reply.json.status?.conditions?.length ? reply : undefined;
  }, 'the scheduler to write the status');
  t.equal(got.statusCode, 200);
  t.equal(got.json.metadata.uid, created.json.metadata.uid);

  await call('POST', PLACEMENT_PATH('other'), placement('any', { syncTargetNames: ['x'] }));
  const list = await call('GET', PLACEMENT_PATH());
  t.equal(list.json.kind, 'PlacementList');
  t.same(
    list.json.items.map((p: any) => p.metadata.name),
    ['prod'],
  );

  const current = got.json;
  const replaced = await call('PUT', ITEM, { ...current, spec: { ...current.spec, numberOfSyncTargets: 3 } });
  t.equal(replaced.statusCode, 200);
  t.equal(replaced.json.spec.numberOfSyncTargets, 3);
  t.equal(replaced.json.metadata.generation, 2);

  const patched = await call('PATCH', ITEM, { spec: { numberOfSyncTargets: null, syncTargetNames: null } });
  t.equal(patched.statusCode, 200);
  t.notOk('numberOfSyncTargets' in patched.json.spec);
  t.notOk('syncTargetNames' in patched.json.spec);

  const deleted = await call('DELETE', ITEM);
  t.equal(deleted.statusCode, 200);
  t.equal(deleted.json.kind, 'Placement');
  t.equal((await call('GET', ITEM)).statusCode, 404);
});

t.test('status lists the SyncTargets the Placement placed Deployments on, with a Scheduled condition', async (t) => {
  const { call } = await testApp(t);
  await call('POST', ST_PATH, syncTarget('edge-1', { env: 'prod' }));
  await call('POST', ST_PATH, syncTarget('edge-2', { env: 'dev' }));
  await call('POST', PLACEMENT_PATH(), placement('prod', { syncTargetSelector: { matchLabels: { env: 'prod' } } }));
  const scheduled = async () => {
    const p = (await call('GET', ITEM)).json;
    return p.status.conditions.find((c: any) => c.type === 'Scheduled') ? p : undefined;
  };
  const before = await waitFor(scheduled, 'a Scheduled condition');
  t.same(before.status.selectedSyncTargets, [], 'no Deployment yet');
  t.match(before.status.conditions[0], { type: 'Scheduled', status: 'True', reason: 'Scheduled' });

  await call('POST', DEPLOY_PATH(), deployment('web'));
  const after = await waitFor(async () => {
    const p = await scheduled();
    return p?.status.selectedSyncTargets.length ? p : undefined;
  }, 'edge-1 selected');
  t.same(after.status.selectedSyncTargets, ['edge-1']);
  t.match(after.status.conditions[0].message, /1 Deployments placed on 1 SyncTargets/);

  await call('PATCH', `${ST_PATH}/edge-1`, { metadata: { labels: { env: 'retired' } } });
  const none = await waitFor(async () => {
    const p = await scheduled();
    return p?.status.conditions[0].status === 'False' ? p : undefined;
  }, 'Scheduled=False');
  t.match(none.status.conditions[0], { status: 'False', reason: 'NoSyncTargets', message: /no SyncTarget matches/ });
  t.same(none.status.selectedSyncTargets, []);
});

t.test('Scheduled=False/InsufficientSyncTargets when fewer candidates than numberOfSyncTargets', async (t) => {
  const { call } = await testApp(t);
  await call('POST', ST_PATH, syncTarget('edge-1'));
  await call('POST', DEPLOY_PATH(), deployment('web'));
  await call(
    'POST',
    PLACEMENT_PATH(),
    placement('prod', { syncTargetNames: ['edge-1', 'edge-2'], numberOfSyncTargets: 2 }),
  );
  const p = await waitFor(async () => {
    const p = (await call('GET', ITEM)).json;
    return p.status.conditions[0]?.reason === 'InsufficientSyncTargets' ? p : undefined;
  }, 'InsufficientSyncTargets');
  t.same(p.status.selectedSyncTargets, ['edge-1']);
  t.match(p.status.conditions[0], { status: 'False', message: /1 of 1 Deployments are on fewer than 2 SyncTargets/ });
  await call('POST', ST_PATH, syncTarget('edge-2'));
  await waitFor(
    async () => (await call('GET', ITEM)).json.status.conditions[0]?.status === 'True',
    'Scheduled=True once edge-2 exists',
  );
});
