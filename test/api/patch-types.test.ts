// PATCH in every media type kubectl sends, on both stores: JSON patch (and its failures as
// Status), merge patch, strategic merge patch for Deployments only, and 415 for the rest; the
// Update entries of metadata.managedFields that non-apply writes record.
import t from 'tap';
import { ST_PATH, syncTarget, testApp } from '../helpers/app.js';
import { forEachStore } from '../helpers/stores.js';
import { DEPLOY_PATH, deployment } from '../helpers/workloads.js';

const JSON_PATCH = 'application/json-patch+json';
const SMP = 'application/strategic-merge-patch+json';
const WEB = `${DEPLOY_PATH()}/web`;
const withEnv = () =>
  deployment(
    'web',
    {},
    {
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'main', image: 'nginx:1', env: [{ name: 'A', value: '1' }] }] },
      },
    },
  );

forEachStore(t, (t) => {
  t.test('JSON patch applies; a failed test or a missing path is 422, a malformed patch 400', async (t) => {
    const { call } = await testApp(t);
    const jsonPatch = (ops: unknown) => call('PATCH', `${ST_PATH}/east`, ops, { contentType: JSON_PATCH });
    const created = (await call('POST', ST_PATH, syncTarget('east'))).json;
    const ok = await call(
      'PATCH',
      `${ST_PATH}/east`,
      [
        { op: 'test', path: '/metadata/uid', value: created.metadata.uid },
        { op: 'add', path: '/metadata/labels', value: { env: 'prod' } },
        { op: 'replace', path: '/spec/unschedulable', value: true },
      ],
      { contentType: JSON_PATCH },
    );
    t.equal(ok.statusCode, 200);
    t.same(ok.json.metadata.labels, { env: 'prod' });
    t.equal(ok.json.spec.unschedulable, true);
    const failed = await jsonPatch([{ op: 'test', path: '/metadata/uid', value: 'other' }]);
    const named = /operation 0 \(test \/metadata\/uid\)/;
    t.match(failed, { statusCode: 422, json: { kind: 'Status', code: 422, reason: 'Invalid', message: named } });
    const missing = await jsonPatch([{ op: 'replace', path: '/spec/nothing/here', value: 1 }]);
    t.match(missing, { statusCode: 422, json: { kind: 'Status', reason: 'Invalid' } });
    const notList = await jsonPatch({ op: 'add' });
    const malformed = { kind: 'Status', reason: 'BadRequest' };
    t.match(notList, { statusCode: 400, json: { ...malformed, message: /list of operations/ } });
    const badOp = await jsonPatch([{ op: 'explode', path: '/spec' }]);
    t.match(badOp, { statusCode: 400, json: { kind: 'Status', reason: 'BadRequest' } });
    const proto = await jsonPatch([{ op: 'add', path: '/__proto__/polluted', value: 1 }]);
    t.match(proto, { statusCode: 400, json: malformed }, 'prototype pollution is refused');
    const stored = (await call('GET', `${ST_PATH}/east`)).json;
    t.equal(stored.metadata.resourceVersion, ok.json.metadata.resourceVersion, 'nothing written');
  });

  t.test('strategic merge patch merges Deployment containers and env by name', async (t) => {
    const { call } = await testApp(t);
    await call('POST', DEPLOY_PATH(), withEnv());
    const containers = (list: unknown[]) => ({ spec: { template: { spec: { containers: list } } } });
    const patch = containers([{ name: 'main', env: [{ name: 'B', value: '2' }] }]);
    const reply = await call('PATCH', WEB, patch, { contentType: SMP });
    t.equal(reply.statusCode, 200);
    const env = [
      { name: 'A', value: '1' },
      { name: 'B', value: '2' },
    ];
    t.same(reply.json.spec.template.spec.containers, [{ name: 'main', image: 'nginx:1', env }]);
    const bad = await call('PATCH', WEB, containers([{ image: 'x' }]), { contentType: SMP });
    t.match(bad, { statusCode: 400, json: { kind: 'Status', message: /merge key: name/ } });
  });

  t.test('PATCH types a kind does not take are 415, as kube-apiserver answers them', async (t) => {
    const { call } = await testApp(t);
    await call('POST', ST_PATH, syncTarget('east'));
    await call('POST', DEPLOY_PATH(), deployment('web'));
    const cr = await call('PATCH', `${ST_PATH}/east`, { spec: {} }, { contentType: SMP });
    t.match(cr, {
      statusCode: 415,
      json: {
        kind: 'Status',
        reason: 'UnsupportedMediaType',
        message:
          'the body of the request was in an unknown format - accepted media types include: ' +
          'application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
      },
    });
    const json = await call('PATCH', WEB, { spec: {} }, { contentType: 'application/json' });
    const listed = /application\/strategic-merge-patch\+json, application\/apply-patch\+yaml$/;
    t.match(json, { statusCode: 415, json: { kind: 'Status', message: listed } });
  });

  t.test('force is for apply only', async (t) => {
    const { call } = await testApp(t);
    await call('POST', ST_PATH, syncTarget('east'));
    const reply = await call('PATCH', `${ST_PATH}/east?force=true`, { spec: { unschedulable: true } });
    t.match(reply, {
      statusCode: 422,
      json: {
        kind: 'Status',
        reason: 'Invalid',
        details: { kind: 'PatchOptions', causes: [{ field: 'force', reason: 'FieldValueForbidden' }] },
      },
    });
  });

  t.test('writes record an Update manager: fieldManager, else the User-Agent', async (t) => {
    const { app, call } = await testApp(t);
    const created = await call('POST', `${DEPLOY_PATH()}?fieldManager=creator`, withEnv());
    t.match(created.json.metadata.managedFields, [
      {
        manager: 'creator',
        operation: 'Update',
        apiVersion: 'apps/v1',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:spec': { 'f:replicas': {} } },
        time: /Z$/,
      },
    ]);
    const payload = JSON.stringify({ spec: { replicas: 4 } });
    const reply = await app.inject({
      method: 'PATCH',
      url: WEB,
      payload,
      headers: {
        authorization: 'Bearer test-admin-token-0123456789abcdef',
        'content-type': 'application/merge-patch+json',
        'user-agent': 'scaler/v1.2 (linux/amd64)',
      },
    });
    const managers = reply.json().metadata.managedFields;
    const replicas = { 'f:spec': { 'f:replicas': {} } };
    t.match(managers, [{ manager: 'creator' }, { manager: 'scaler', operation: 'Update', fieldsV1: replicas }]);
    t.notOk(managers[0].fieldsV1['f:spec']['f:replicas'], 'the creator no longer owns replicas');
    const read = reply.json() as { metadata: Record<string, unknown> };
    const forged = { ...read, metadata: { ...read.metadata, managedFields: [] } };
    const put = await call('PUT', `${WEB}?fieldManager=creator`, forged);
    t.equal(put.json.metadata.managedFields.length, 2, 'managedFields sent by a client are not taken');
  });
});
