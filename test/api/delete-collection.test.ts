// deletecollection and how the Kubernetes API advertises it, on both stores: DELETE on a
// collection deletes what its selectors match and answers the deleted objects; discovery and
// the OpenAPI documents list it, and the subresources.
import t from 'tap';
import { ST_PATH, storeSnapshot, syncTarget, testApp } from '../helpers/app.js';
import { forEachStore } from '../helpers/stores.js';
import { DEPLOY_PATH, createOk, deployment } from '../helpers/workloads.js';

forEachStore(t, (t) => {
  t.test('discovery lists */status and deployments/scale as autoscaling/v1 Scale', async (t) => {
    const api = await testApp(t);
    const apps = (await api.call('GET', '/apis/apps/v1')).json.resources;
    t.match(
      apps.find((r: { name: string }) => r.name === 'deployments'),
      {
        verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      },
    );
    t.same(
      apps.find((r: { name: string }) => r.name === 'deployments/scale'),
      {
        name: 'deployments/scale',
        singularName: '',
        namespaced: true,
        group: 'autoscaling',
        version: 'v1',
        kind: 'Scale',
        verbs: ['get', 'patch', 'update'],
      },
    );
    t.match(
      apps.find((r: { name: string }) => r.name === 'deployments/status'),
      { kind: 'Deployment', verbs: ['get', 'patch', 'update'] },
    );
    const workload = (await api.call('GET', '/apis/workload.kcp.io/v1alpha1')).json.resources;
    t.match(
      workload.find((r: { name: string }) => r.name === 'synctargets/status'),
      { kind: 'SyncTarget', namespaced: false },
    );
    const scheduling = (await api.call('GET', '/apis/scheduling.kcp.io/v1alpha1')).json.resources;
    t.ok(scheduling.find((r: { name: string }) => r.name === 'placements/status'));
    const aggregated = await api.app.inject({
      method: 'GET',
      url: '/apis',
      headers: {
        authorization: 'Bearer test-admin-token-0123456789abcdef',
        accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
      },
    });
    const group = JSON.parse(aggregated.body).items.find(
      (g: { metadata: { name: string } }) => g.metadata.name === 'apps',
    );
    const subresources = group.versions[0].resources[0].subresources;
    t.match(
      subresources.find((s: { subresource: string }) => s.subresource === 'scale'),
      {
        responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
      },
    );
    // kubectl validates fields on the server (and no longer itself) when the OpenAPI offers fieldValidation.
    const paths = (await api.call('GET', '/openapi/v3/apis/workload.kcp.io/v1alpha1')).json.paths;
    const collection = paths['/apis/workload.kcp.io/v1alpha1/synctargets'];
    t.match(collection.delete, {
      operationId: 'deleteCollectionWorkloadKcpIoV1alpha1SyncTarget',
      'x-kubernetes-action': 'deletecollection',
    });
    const names = (op: { parameters: { name: string }[] }) => op.parameters.map((p) => p.name);
    t.ok(names(collection.post).includes('fieldValidation'), 'create offers fieldValidation');
    t.ok(names(collection.post).includes('dryRun'), 'create offers dryRun');
    t.ok(names(collection.delete).includes('labelSelector'), 'deletecollection takes labelSelector');
  });

  t.test('deletecollection deletes what the selectors match and answers the deleted objects', async (t) => {
    const api = await testApp(t);
    for (const [name, env] of [
      ['edge-1', 'prod'],
      ['edge-2', 'prod'],
      ['edge-3', 'dev'],
    ] as const) {
      await createOk(api, ST_PATH, syncTarget(name, { env }));
    }
    for (const ns of ['shop', 'blog']) await createOk(api, DEPLOY_PATH(ns), deployment('web'));
    const before = await storeSnapshot(api.app);
    const dry = await api.call('DELETE', `${ST_PATH}?labelSelector=env%3Dprod&dryRun=All`);
    t.match(dry, {
      statusCode: 200,
      json: { kind: 'SyncTargetList', items: [{ metadata: { name: 'edge-1' } }, { metadata: { name: 'edge-2' } }] },
    });
    t.equal(await storeSnapshot(api.app), before, 'a dry run deletes nothing');
    const refused = await api.call('DELETE', ST_PATH, { preconditions: { uid: 'x' } });
    t.match(refused, { statusCode: 400, json: { kind: 'Status', reason: 'BadRequest' } });
    const badSelector = await api.call('DELETE', `${ST_PATH}?fieldSelector=spec.unschedulable%3Dtrue`);
    t.match(badSelector, { statusCode: 400, json: { kind: 'Status', reason: 'BadRequest' } });
    t.equal(await storeSnapshot(api.app), before, 'refusals delete nothing');

    const deleted = await api.call('DELETE', `${ST_PATH}?labelSelector=env%3Dprod`, {
      kind: 'DeleteOptions',
      apiVersion: 'v1',
    });
    t.equal(deleted.statusCode, 200, deleted.body);
    t.match(deleted.json, {
      apiVersion: 'workload.kcp.io/v1alpha1',
      kind: 'SyncTargetList',
      metadata: { resourceVersion: /^\d+$/ },
    });
    t.same(
      deleted.json.items.map((o: { metadata: { name: string } }) => o.metadata.name),
      ['edge-1', 'edge-2'],
    );
    const left = (await api.call('GET', ST_PATH)).json.items.map(
      (o: { metadata: { name: string } }) => o.metadata.name,
    );
    t.same(left, ['edge-3']);
    const byName = await api.call('DELETE', `${ST_PATH}?fieldSelector=metadata.name%3Dedge-3`);
    t.equal(byName.json.items.length, 1);

    const shop = await api.call('DELETE', DEPLOY_PATH('shop'));
    t.match(shop, {
      statusCode: 200,
      json: { kind: 'DeploymentList', items: [{ metadata: { namespace: 'shop', name: 'web' } }] },
    });
    t.equal((await api.call('GET', `${DEPLOY_PATH('blog')}/web`)).statusCode, 200, 'other namespaces are left alone');
    const all = await api.call('DELETE', '/apis/apps/v1/deployments');
    t.equal(all.statusCode, 404, 'not across all namespaces, as in Kubernetes');
    t.match(all.json, { kind: 'Status' });
  });
});
