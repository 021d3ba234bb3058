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
  t.test('/status reads the object and writes only its status', async (t) => {
    const api = await testApp(t);
    const created = await createOk(api, ST_PATH, syncTarget('edge-1', { env: 'prod' }));
    const read = await api.call('GET', `${ST_PATH}/edge-1/status`);
    t.match(read, { statusCode: 200, json: { kind: 'SyncTarget', metadata: { name: 'edge-1' } } });

    const status = { ...created.status, ...STATUS };
    const body = {
      ...created,
      metadata: { ...created.metadata, labels: { env: 'dev' } },
      spec: { unschedulable: true },
      status,
    };
    const put = await api.call('PUT', `${ST_PATH}/edge-1/status`, body);
    t.equal(put.statusCode, 200, put.body);
    t.match(
      put.json,
      { status: STATUS, spec: { unschedulable: false }, metadata: { labels: { env: 'prod' }, generation: 1 } },
      'spec and labels in the body are ignored',
    );
    const stale = await api.call('PUT', `${ST_PATH}/edge-1/status`, body);
    t.match(stale, { statusCode: 409, json: { reason: 'Conflict' } }, 'the resourceVersion read is checked');

    const patch = await api.call('PATCH', `${ST_PATH}/edge-1/status`, {
      status: { kubernetesVersion: 'v1.35.0' },
      spec: { unschedulable: true },
    });
    t.equal(patch.statusCode, 200, patch.body);
    t.match(patch.json, { status: { ...STATUS, kubernetesVersion: 'v1.35.0' }, spec: { unschedulable: false } });

    const main = await api.call('PATCH', `${ST_PATH}/edge-1`, { status: { syncerVersion: 'v0' } });
    t.equal(main.json.status.syncerVersion, 'v9.9.9', 'writing the object ignores its status');

    const before = await storeSnapshot(api.app);
    const invalid = await api.call('PATCH', `${ST_PATH}/edge-1/status`, {
      status: { conditions: [{ type: 'Ready', status: 'Maybe' }] },
    });
    t.match(invalid, {
      statusCode: 422,
      json: { reason: 'Invalid', details: { causes: [{ field: /^status\.conditions\[0\]\.status/ }] } },
    });
    const strict = await api.call('PATCH', `${ST_PATH}/edge-1/status?fieldValidation=Strict`, {
      status: { colour: 'red' },
    });
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
    const put = await api.call('PUT', `${PLACEMENT_PATH()}/all/status`, {
      ...read,
      status: { ...read.status, selectedSyncTargets: [] },
    });
    t.equal(put.statusCode, 200, put.body);
  });

  t.test('/scale reads and sets the replicas of a Deployment', async (t) => {
    const api = await testApp(t);
    const web = await createOk(
      api,
      DEPLOY_PATH('shop'),
      deployment(
        'web',
        {},
        {
          selector: {
            matchLabels: { app: 'web' },
            matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }],
          },
          template: { metadata: { labels: { app: 'web', tier: 'a' } }, spec: {} },
        },
      ),
    );
    const path = `${DEPLOY_PATH('shop')}/web/scale`;
    const scale = await api.call('GET', path);
    t.same(scale.json, {
      apiVersion: 'autoscaling/v1',
      kind: 'Scale',
      metadata: {
        name: 'web',
        namespace: 'shop',
        uid: web.metadata.uid,
        resourceVersion: web.metadata.resourceVersion,
        creationTimestamp: web.metadata.creationTimestamp,
      },
      spec: { replicas: 1 },
      status: { replicas: 0, selector: 'app=web,tier in (a,b)' },
    });
    const put = await api.call('PUT', path, { ...scale.json, spec: { replicas: 3 } });
    t.match(put, { statusCode: 200, json: { kind: 'Scale', spec: { replicas: 3 } } });
    const stale = await api.call('PUT', path, { ...scale.json, spec: { replicas: 4 } });
    t.match(stale, { statusCode: 409, json: { reason: 'Conflict' } });
    const patch = await api.call('PATCH', path, { spec: { replicas: 5 } });
    t.match(patch, { statusCode: 200, json: { spec: { replicas: 5 } } });
    const after = (await api.call('GET', `${DEPLOY_PATH('shop')}/web`)).json;
    t.match(after, {
      spec: { replicas: 5, template: { metadata: { labels: { tier: 'a' } } } },
      metadata: { generation: 3 },
    });

    // JSON and strategic merge patches too, as kube-apiserver's /scale takes them.
    const ops = [{ op: 'replace', path: '/spec/replicas', value: 6 }];
    const byJsonPatch = await api.call('PATCH', path, undefined, {
      contentType: 'application/json-patch+json',
      rawBody: JSON.stringify(ops),
    });
    t.match(byJsonPatch, { statusCode: 200, json: { kind: 'Scale', spec: { replicas: 6 } } });
    const smp = { contentType: 'application/strategic-merge-patch+json' };
    const bySmp = await api.call('PATCH', path, { spec: { replicas: 2 } }, smp);
    t.match(bySmp, { statusCode: 200, json: { spec: { replicas: 2 } } });
    const stalePatch = await api.call(
      'PATCH',
      path,
      { metadata: { resourceVersion: '1' }, spec: { replicas: 9 } },
      smp,
    );
    t.match(stalePatch, { statusCode: 409, json: { reason: 'Conflict' } }, 'a resourceVersion named is a precondition');
    t.equal((await api.call('GET', `${DEPLOY_PATH('shop')}/web`)).json.spec.replicas, 2);

    const before = await storeSnapshot(api.app);
    const applied = await api.call(
      'PATCH',
      `${path}?fieldManager=t`,
      { spec: { replicas: 8 } },
      {
        contentType: 'application/apply-patch+yaml',
      },
    );
    t.equal(applied.statusCode, 415, applied.body);
    const badOps = await api.call('PATCH', path, undefined, {
      contentType: 'application/json-patch+json',
      rawBody: JSON.stringify([{ op: 'test', path: '/spec/replicas', value: 99 }]),
    });
    t.equal(badOps.statusCode, 422, 'a JSON patch whose test fails');
    const negative = await api.call('PATCH', path, { spec: { replicas: -1 } });
    t.match(negative, {
      statusCode: 422,
      json: { reason: 'Invalid', details: { kind: 'Scale', causes: [{ field: 'spec.replicas' }] } },
    });
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
});
