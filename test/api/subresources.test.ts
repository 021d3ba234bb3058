// The /status subresource of every kind and the /scale subresource of Deployments, on both
// stores, and how discovery lists them.
import t from 'tap';
import { ST_PATH, storeSnapshot, syncTarget, testApp } from '../helpers/app.js';
import { issueToken } from '../helpers/agents.js';
import { forEachStore } from '../helpers/stores.js';
import { DEPLOY_PATH, PLACEMENT_PATH, createOk, deployment, placement, schedulerIdle } from '../helpers/workloads.js';

// The server owns the conditions (heartbeats); these fields an admin may well set by hand.
const STATUS = { syncerVersion: 'v9.9.9', capacity: { cpu: '8' } };

forEachStore(t, (t) => {
  t.test('discovery lists */status and deployments/scale as autoscaling/v1 Scale', async (t) => {
    const api = await testApp(t);
    const apps = (await api.call('GET', '/apis/apps/v1')).json.resources;
    t.match(apps.find((r: { name: string }) => r.name === 'deployments'), {
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    });
    t.same(apps.find((r: { name: string }) => r.name === 'deployments/scale'), {
      name: 'deployments/scale', singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale',
      verbs: ['get', 'patch', 'update'],
    });
    t.match(apps.find((r: { name: string }) => r.name === 'deployments/status'), { kind: 'Deployment', verbs: ['get', 'patch', 'update'] });
    const workload = (await api.call('GET', '/apis/workload.kcp.io/v1alpha1')).json.resources;
    t.match(workload.find((r: { name: string }) => r.name === 'synctargets/status'), { kind: 'SyncTarget', namespaced: false });
    const scheduling = (await api.call('GET', '/apis/scheduling.kcp.io/v1alpha1')).json.resources;
    t.ok(scheduling.find((r: { name: string }) => r.name === 'placements/status'));
    const aggregated = await api.app.inject({
      method: 'GET', url: '/apis', headers: {
        authorization: 'Bearer test-admin-token-0123456789abcdef',
        accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
      },
    });
    const group = JSON.parse(aggregated.body).items.find((g: { metadata: { name: string } }) => g.metadata.name === 'apps');
    const subresources = group.versions[0].resources[0].subresources;
    t.match(subresources.find((s: { subresource: string }) => s.subresource === 'scale'), {
      responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
    });
    // kubectl validates fields on the server (and no longer itself) when the OpenAPI offers fieldValidation.
    const paths = (await api.call('GET', '/openapi/v3/apis/workload.kcp.io/v1alpha1')).json.paths;
    const collection = paths['/apis/workload.kcp.io/v1alpha1/synctargets'];
    t.match(collection.delete, { operationId: 'deleteCollectionWorkloadKcpIoV1alpha1SyncTarget', 'x-kubernetes-action': 'deletecollection' });
    const names = (op: { parameters: { name: string }[] }) => op.parameters.map((p) => p.name);
    t.ok(names(collection.post).includes('fieldValidation'), 'create offers fieldValidation');
    t.ok(names(collection.post).includes('dryRun'), 'create offers dryRun');
    t.ok(names(collection.delete).includes('labelSelector'), 'deletecollection takes labelSelector');
  });

  t.test('/status reads the object and writes only its status', async (t) => {
    const api = await testApp(t);
    const created = await createOk(api, ST_PATH, syncTarget('edge-1', { env: 'prod' }));
    const read = await api.call('GET', `${ST_PATH}/edge-1/status`);
    t.match(read, { statusCode: 200, json: { kind: 'SyncTarget', metadata: { name: 'edge-1' } } });

    const status = { ...created.status, ...STATUS };
    const body = { ...created, metadata: { ...created.metadata, labels: { env: 'dev' } }, spec: { unschedulable: true }, status };
    const put = await api.call('PUT', `${ST_PATH}/edge-1/status`, body);
    t.equal(put.statusCode, 200, put.body);
    t.match(put.json, { status: STATUS, spec: { unschedulable: false }, metadata: { labels: { env: 'prod' }, generation: 1 } },
      'spec and labels in the body are ignored');
    const stale = await api.call('PUT', `${ST_PATH}/edge-1/status`, body);
    t.match(stale, { statusCode: 409, json: { reason: 'Conflict' } }, 'the resourceVersion read is checked');

    const patch = await api.call('PATCH', `${ST_PATH}/edge-1/status`, { status: { kubernetesVersion: 'v1.35.0' }, spec: { unschedulable: true } });
    t.equal(patch.statusCode, 200, patch.body);
    t.match(patch.json, { status: { ...STATUS, kubernetesVersion: 'v1.35.0' }, spec: { unschedulable: false } });

    const main = await api.call('PATCH', `${ST_PATH}/edge-1`, { status: { syncerVersion: 'v0' } });
    t.equal(main.json.status.syncerVersion, 'v9.9.9', 'writing the object ignores its status');

    const before = await storeSnapshot(api.app);
    const invalid = await api.call('PATCH', `${ST_PATH}/edge-1/status`, { status: { conditions: [{ type: 'Ready', status: 'Maybe' }] } });
    t.match(invalid, { statusCode: 422, json: { reason: 'Invalid', details: { causes: [{ field: /^status\.conditions\[0\]\.status/ }] } } });
    const strict = await api.call('PATCH', `${ST_PATH}/edge-1/status?fieldValidation=Strict`, { status: { colour: 'red' } });
    t.match(strict, { statusCode: 400, json: { message: 'strict decoding error: unknown field "status.colour"' } });
    const dry = await api.call('PATCH', `${ST_PATH}/edge-1/status?dryRun=All`, { status: { syncerVersion: 'v1' } });
    t.match(dry, { statusCode: 200, json: { status: { syncerVersion: 'v1' } } });
    t.equal(await storeSnapshot(api.app), before, 'nothing written');

    const token = await issueToken(api, 'edge-1');
    const agent = await api.call('PATCH', `${ST_PATH}/edge-1/status`, { status: { syncerVersion: 'v2' } }, { token });
    t.equal(agent.statusCode, 403, 'an agent token does not write /status');
    t.equal((await api.call('GET', `${ST_PATH}/nope/status`)).statusCode, 404);
  });

  t.test("a Deployment's and a Placement's status is written through /status", async (t) => {
    const api = await testApp(t);
    await createOk(api, DEPLOY_PATH(), deployment('web'));
    await createOk(api, PLACEMENT_PATH(), placement('all', { syncTargetSelector: {} }));
    await schedulerIdle(api);
    const patched = await api.call('PATCH', `${DEPLOY_PATH()}/web/status`, { status: { readyReplicas: 0 } });
    t.match(patched, { statusCode: 200, json: { status: { readyReplicas: 0 }, metadata: { generation: 1 } } });
    const read = (await api.call('GET', `${PLACEMENT_PATH()}/all/status`)).json;
    const put = await api.call('PUT', `${PLACEMENT_PATH()}/all/status`, { ...read, status: { ...read.status, selectedSyncTargets: [] } });
    t.equal(put.statusCode, 200, put.body);
  });

  t.test('/scale reads and sets the replicas of a Deployment', async (t) => {
    const api = await testApp(t);
    const web = await createOk(api, DEPLOY_PATH('shop'), deployment('web', {}, {
      selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }] },
      template: { metadata: { labels: { app: 'web', tier: 'a' } }, spec: {} },
    }));
    const path = `${DEPLOY_PATH('shop')}/web/scale`;
    const scale = await api.call('GET', path);
    t.same(scale.json, {
      apiVersion: 'autoscaling/v1', kind: 'Scale',
      metadata: {
        name: 'web', namespace: 'shop', uid: web.metadata.uid, resourceVersion: web.metadata.resourceVersion,
        creationTimestamp: web.metadata.creationTimestamp,
      },
      spec: { replicas: 1 }, status: { replicas: 0, selector: 'app=web,tier in (a,b)' },
    });
    const put = await api.call('PUT', path, { ...scale.json, spec: { replicas: 3 } });
    t.match(put, { statusCode: 200, json: { kind: 'Scale', spec: { replicas: 3 } } });
    const stale = await api.call('PUT', path, { ...scale.json, spec: { replicas: 4 } });
    t.match(stale, { statusCode: 409, json: { reason: 'Conflict' } });
    const patch = await api.call('PATCH', path, { spec: { replicas: 5 } });
    t.match(patch, { statusCode: 200, json: { spec: { replicas: 5 } } });
    const after = (await api.call('GET', `${DEPLOY_PATH('shop')}/web`)).json;
    t.match(after, { spec: { replicas: 5, template: { metadata: { labels: { tier: 'a' } } } }, metadata: { generation: 3 } });

    const before = await storeSnapshot(api.app);
    const negative = await api.call('PATCH', path, { spec: { replicas: -1 } });
    t.match(negative, { statusCode: 422, json: { reason: 'Invalid', details: { kind: 'Scale', causes: [{ field: 'spec.replicas' }] } } });
    const strict = await api.call('PATCH', `${path}?fieldValidation=Strict`, { spec: { replica: 2 } });
    t.match(strict, { statusCode: 400, json: { message: 'strict decoding error: unknown field "spec.replica"' } });
    const dry = await api.call('PATCH', `${path}?dryRun=All`, { spec: { replicas: 7 } });
    t.match(dry, { statusCode: 200, json: { spec: { replicas: 7 } } });
    const wrongKind = await api.call('PUT', path, { kind: 'Deployment', spec: { replicas: 2 } });
    t.match(wrongKind, { statusCode: 400, json: { reason: 'BadRequest' } });
    t.equal(await storeSnapshot(api.app), before, 'nothing written');
    t.equal((await api.call('GET', `${DEPLOY_PATH('shop')}/nope/scale`)).statusCode, 404);
    t.equal((await api.call('GET', `${ST_PATH}/edge-1/scale`)).statusCode, 404, 'only Deployments scale');
  });

  t.test('deletecollection deletes what the selectors match and answers the deleted objects', async (t) => {
    const api = await testApp(t);
    for (const [name, env] of [['edge-1', 'prod'], ['edge-2', 'prod'], ['edge-3', 'dev']] as const) {
      await createOk(api, ST_PATH, syncTarget(name, { env }));
    }
    for (const ns of ['shop', 'blog']) await createOk(api, DEPLOY_PATH(ns), deployment('web'));
    const before = await storeSnapshot(api.app);
    const dry = await api.call('DELETE', `${ST_PATH}?labelSelector=env%3Dprod&dryRun=All`);
    t.match(dry, { statusCode: 200, json: { kind: 'SyncTargetList', items: [{ metadata: { name: 'edge-1' } }, { metadata: { name: 'edge-2' } }] } });
    t.equal(await storeSnapshot(api.app), before, 'a dry run deletes nothing');
    const refused = await api.call('DELETE', ST_PATH, { preconditions: { uid: 'x' } });
    t.match(refused, { statusCode: 400, json: { kind: 'Status', reason: 'BadRequest' } });
    const badSelector = await api.call('DELETE', `${ST_PATH}?fieldSelector=spec.unschedulable%3Dtrue`);
    t.match(badSelector, { statusCode: 400, json: { kind: 'Status', reason: 'BadRequest' } });
    t.equal(await storeSnapshot(api.app), before, 'refusals delete nothing');

    const deleted = await api.call('DELETE', `${ST_PATH}?labelSelector=env%3Dprod`, { kind: 'DeleteOptions', apiVersion: 'v1' });
    t.equal(deleted.statusCode, 200, deleted.body);
    t.match(deleted.json, { apiVersion: 'workload.kcp.io/v1alpha1', kind: 'SyncTargetList', metadata: { resourceVersion: /^\d+$/ } });
    t.same(deleted.json.items.map((o: { metadata: { name: string } }) => o.metadata.name), ['edge-1', 'edge-2']);
    const left = (await api.call('GET', ST_PATH)).json.items.map((o: { metadata: { name: string } }) => o.metadata.name);
    t.same(left, ['edge-3']);
    const byName = await api.call('DELETE', `${ST_PATH}?fieldSelector=metadata.name%3Dedge-3`);
    t.equal(byName.json.items.length, 1);

    const shop = await api.call('DELETE', DEPLOY_PATH('shop'));
    t.match(shop, { statusCode: 200, json: { kind: 'DeploymentList', items: [{ metadata: { namespace: 'shop', name: 'web' } }] } });
    t.equal((await api.call('GET', `${DEPLOY_PATH('blog')}/web`)).statusCode, 200, 'other namespaces are left alone');
    const all = await api.call('DELETE', '/apis/apps/v1/deployments');
    t.equal(all.statusCode, 404, 'not across all namespaces, as in Kubernetes');
    t.match(all.json, { kind: 'Status' });
  });
});
