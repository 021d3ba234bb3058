// dryRun=All and DELETE's options as Kubernetes clients send them, on both stores: a dry run
// checks and answers without writing; DeleteOptions come in the body or the query; a body with
// no Content-Type is JSON, and a DELETE may send the JSON type with no body.
import t from 'tap';
import { ST_PATH, storeSnapshot, syncTarget, testApp } from '../helpers/app.js';
import { forEachStore } from '../helpers/stores.js';

forEachStore(t, (t) => {
  t.test('dryRun=All validates create, update, patch and delete and writes nothing', async (t) => {
    const api = await testApp(t);
    const edge = (await api.call('POST', ST_PATH, syncTarget('edge-1', { env: 'prod' }))).json;
    const before = await storeSnapshot(api.app);

    const created = await api.call('POST', `${ST_PATH}?dryRun=All`, syncTarget('edge-2'));
    t.equal(created.statusCode, 201);
    t.match(created.json, {
      kind: 'SyncTarget',
      metadata: { name: 'edge-2', uid: /^[0-9a-f-]{36}$/ },
      spec: { unschedulable: false },
    });
    t.equal(created.json.metadata.resourceVersion, undefined, 'no resourceVersion was given out');
    t.match(
      created.json.status.conditions,
      [{ type: 'Ready', reason: 'NoHeartbeat' }],
      'the status it would start with',
    );

    const put = await api.call('PUT', `${ST_PATH}/edge-1?dryRun=All`, { ...edge, spec: { unschedulable: true } });
    t.equal(put.statusCode, 200);
    t.match(put.json, {
      spec: { unschedulable: true },
      metadata: { resourceVersion: edge.metadata.resourceVersion, generation: 2 },
    });
    const patch = await api.call('PATCH', `${ST_PATH}/edge-1?dryRun=All`, { metadata: { labels: { env: 'dev' } } });
    t.equal(patch.statusCode, 200);
    t.same(patch.json.metadata.labels, { env: 'dev' });
    const deleted = await api.call('DELETE', `${ST_PATH}/edge-1?dryRun=All`);
    t.equal(deleted.statusCode, 200);
    t.equal(deleted.json.metadata.name, 'edge-1');
    const inBody = await api.call('DELETE', `${ST_PATH}/edge-1`, {
      kind: 'DeleteOptions',
      apiVersion: 'v1',
      dryRun: ['All'],
    });
    t.equal(inBody.statusCode, 200, 'dryRun in the DeleteOptions body');
    t.equal(await storeSnapshot(api.app), before, 'nothing written');

    const exists = await api.call('POST', `${ST_PATH}?dryRun=All`, syncTarget('edge-1'));
    t.match(exists, { statusCode: 409, json: { reason: 'AlreadyExists' } }, 'a dry run answers as the write would');
    const stale = await api.call('PUT', `${ST_PATH}/edge-1?dryRun=All`, {
      ...edge,
      metadata: { ...edge.metadata, resourceVersion: '999' },
    });
    t.match(stale, { statusCode: 409, json: { reason: 'Conflict' } });
    const invalid = await api.call('POST', `${ST_PATH}?dryRun=All`, syncTarget('Bad_Name'));
    t.match(invalid, { statusCode: 422, json: { reason: 'Invalid' } });
    const missing = await api.call('DELETE', `${ST_PATH}/nope?dryRun=All`);
    t.match(missing, { statusCode: 404, json: { reason: 'NotFound' } });
    const other = await api.call('POST', `${ST_PATH}?dryRun=Some`, syncTarget('edge-3'));
    t.match(other, {
      statusCode: 400,
      json: { kind: 'Status', reason: 'BadRequest', details: { causes: [{ field: 'dryRun' }] } },
    });
    const badBody = await api.call('DELETE', `${ST_PATH}/edge-1`, { dryRun: ['Some'] });
    t.match(badBody, {
      statusCode: 422,
      json: { reason: 'Invalid', details: { kind: 'DeleteOptions', causes: [{ field: 'dryRun[0]' }] } },
    });
    t.equal(await storeSnapshot(api.app), before, 'still nothing written');
  });

  t.test('a body with no Content-Type is JSON; a DELETE may send the JSON type with no body', async (t) => {
    const api = await testApp(t);
    const post = await api.app.inject({
      method: 'POST',
      url: ST_PATH,
      headers: { authorization: 'Bearer test-admin-token-0123456789abcdef' },
      payload: JSON.stringify(syncTarget('edge-1')),
    });
    t.equal(post.statusCode, 201, post.body);
    const current = JSON.parse(post.body);
    const put = await api.app.inject({
      method: 'PUT',
      url: `${ST_PATH}/edge-1`,
      headers: { authorization: 'Bearer test-admin-token-0123456789abcdef' },
      payload: JSON.stringify({ ...current, spec: { unschedulable: true } }),
    });
    t.equal(put.statusCode, 200, put.body);
    const patch = await api.app.inject({
      method: 'PATCH',
      url: `${ST_PATH}/edge-1`,
      headers: { authorization: 'Bearer test-admin-token-0123456789abcdef' },
      payload: '{"spec":{"unschedulable":false}}',
    });
    t.equal(patch.statusCode, 415, 'a patch says its type, as kube-apiserver requires');
    const deleted = await api.call('DELETE', `${ST_PATH}/edge-1`, undefined, {
      rawBody: '',
      contentType: 'application/json',
    });
    t.equal(deleted.statusCode, 200, deleted.body);
  });

  t.test('DELETE takes DeleteOptions in the body or the query', async (t) => {
    const api = await testApp(t);
    const edge = (await api.call('POST', ST_PATH, syncTarget('edge-1'))).json;
    const before = await storeSnapshot(api.app);
    const refused = [
      [{ kind: 'DeleteOptions', preconditions: { uid: 'other' } }, 409, 'Conflict'],
      [{ preconditions: { resourceVersion: '999' } }, 409, 'Conflict'],
      [{ propagationPolicy: 'Sometimes' }, 422, 'Invalid'],
      [{ propagationPolicy: 'Orphan', orphanDependents: true }, 422, 'Invalid'],
      [{ kind: 'Pod' }, 400, 'BadRequest'],
      [{ gracePeriodSeconds: 'soon' }, 400, 'BadRequest'],
      [[], 400, 'BadRequest'],
    ] as const;
    for (const [body, code, reason] of refused) {
      const reply = await api.call('DELETE', `${ST_PATH}/edge-1`, body);
      t.match(reply, { statusCode: code, json: { kind: 'Status', reason } }, JSON.stringify(body));
    }
    const query = await api.call('DELETE', `${ST_PATH}/edge-1?propagationPolicy=Sometimes`);
    t.match(query, { statusCode: 422, json: { reason: 'Invalid', message: /DeletionPropagation need to be one of/ } });
    const twice = await api.call('DELETE', `${ST_PATH}/edge-1?propagationPolicy=Orphan`, {
      propagationPolicy: 'Foreground',
    });
    t.match(twice, {
      statusCode: 400,
      json: { message: /propagationPolicy is given both in the query and in the DeleteOptions body/ },
    });
    t.equal(await storeSnapshot(api.app), before, 'nothing deleted');

    const options = {
      apiVersion: 'meta.k8s.io/v1',
      kind: 'DeleteOptions',
      gracePeriodSeconds: 0,
      propagationPolicy: 'Foreground',
      preconditions: { uid: edge.metadata.uid, resourceVersion: edge.metadata.resourceVersion },
    };
    const deleted = await api.call('DELETE', `${ST_PATH}/edge-1?gracePeriodSeconds=0`, options);
    t.equal(deleted.statusCode, 200, deleted.body);
    t.equal((await api.call('GET', `${ST_PATH}/edge-1`)).statusCode, 404, 'deleted at once');
    await api.call('POST', ST_PATH, syncTarget('edge-2'));
    for (const policy of ['Orphan', 'Background']) {
      await api.call('POST', ST_PATH, syncTarget('edge-3'));
      const reply = await api.call('DELETE', `${ST_PATH}/edge-3?propagationPolicy=${policy}&gracePeriodSeconds=30`);
      t.equal(reply.statusCode, 200, policy);
    }
  });
});
