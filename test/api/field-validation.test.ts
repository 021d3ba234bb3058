// fieldValidation as kube-apiserver answers it, on both stores: unknown fields (against the
// kind's schema) and duplicate JSON keys warned about with Warn (the default), refused with
// Strict, dropped silently with Ignore.
import t from 'tap';
import { ST_PATH, storeSnapshot, syncTarget, testApp } from '../helpers/app.js';
import { forEachStore } from '../helpers/stores.js';
import { DEPLOY_PATH, deployment } from '../helpers/workloads.js';

const WITH_UNKNOWN = { ...syncTarget('edge-1'), spec: { unschedulable: true, colour: 'blue' }, extra: 1 };

forEachStore(t, (t) => {
  t.test('fieldValidation: Warn (the default) warns per field, Strict refuses, Ignore drops silently', async (t) => {
    const api = await testApp(t);
    const warned = await api.call('POST', ST_PATH, WITH_UNKNOWN);
    t.equal(warned.statusCode, 201);
    t.same(warned.headers.warning, ['299 - "unknown field \\"spec.colour\\""', '299 - "unknown field \\"extra\\""']);
    t.same(warned.json.spec, { unschedulable: true }, 'the unknown fields are dropped');
    t.equal(warned.json.extra, undefined);

    const before = await storeSnapshot(api.app);
    const strict = await api.call('POST', `${ST_PATH}?fieldValidation=Strict`, {
      ...WITH_UNKNOWN,
      metadata: { name: 'edge-2' },
    });
    t.equal(strict.statusCode, 400);
    t.equal(
      strict.json.message,
      'SyncTarget in version "v1alpha1" cannot be handled as a SyncTarget: strict decoding error: ' +
        'unknown field "spec.colour", unknown field "extra"',
    );
    t.match(strict.json.details.causes, [{ field: 'spec.colour' }, { field: 'extra' }]);
    t.equal(await storeSnapshot(api.app), before, 'nothing written');

    const ignored = await api.call('POST', `${ST_PATH}?fieldValidation=Ignore`, {
      ...WITH_UNKNOWN,
      metadata: { name: 'edge-3' },
    });
    t.equal(ignored.statusCode, 201);
    t.equal(ignored.headers.warning, undefined);
    t.same(ignored.json.spec, { unschedulable: true });
    for (const value of ['strict', 'None']) {
      const refused = await api.call('POST', `${ST_PATH}?fieldValidation=${value}`, syncTarget('edge-4'));
      t.match(
        refused,
        { statusCode: 400, json: { reason: 'BadRequest', details: { causes: [{ field: 'fieldValidation' }] } } },
        value,
      );
    }
  });

  t.test('duplicate keys count as Kubernetes counts them, on create, update and patch', async (t) => {
    const api = await testApp(t);
    const text = '{"metadata":{"name":"edge-1","name":"edge-1"},"spec":{"unschedulable":false,"unschedulable":true}}';
    const strict = await api.call('POST', `${ST_PATH}?fieldValidation=Strict`, undefined, {
      rawBody: text,
      contentType: 'application/json',
    });
    t.equal(strict.statusCode, 400);
    t.match(
      strict.json.message,
      /strict decoding error: duplicate field "metadata.name", duplicate field "spec.unschedulable"$/,
    );
    const warned = await api.call('POST', ST_PATH, undefined, { rawBody: text, contentType: 'application/json' });
    t.equal(warned.statusCode, 201);
    t.same(warned.headers.warning, [
      '299 - "duplicate field \\"metadata.name\\""',
      '299 - "duplicate field \\"spec.unschedulable\\""',
    ]);
    t.equal(warned.json.spec.unschedulable, true, 'the last one counts');

    const patch = '{"spec":{"unschedulable":true,"unschedulable":false,"colour":"red"}}';
    const refused = await api.call('PATCH', `${ST_PATH}/edge-1?fieldValidation=Strict`, undefined, { rawBody: patch });
    t.equal(refused.statusCode, 400);
    t.equal(
      refused.json.message,
      'strict decoding error: duplicate field "spec.unschedulable", unknown field "spec.colour"',
    );
    const patched = await api.call('PATCH', `${ST_PATH}/edge-1`, undefined, { rawBody: patch });
    t.equal(patched.statusCode, 200);
    t.equal((patched.headers.warning as string[] | undefined)?.length, 2);
    t.same(patched.json.spec, { unschedulable: false });

    const current = patched.json;
    const put = await api.call('PUT', `${ST_PATH}/edge-1?fieldValidation=Strict`, {
      ...current,
      spec: { unschedulable: true, typo: 1 },
    });
    t.match(put, {
      statusCode: 400,
      json: { message: /cannot be handled as a SyncTarget: strict decoding error: unknown field "spec.typo"/ },
    });
  });

  t.test('status fields in a write of the object are not checked: the object keeps its status', async (t) => {
    const api = await testApp(t);
    const body = { ...deployment('web'), status: { observedGeneration: 3, conditions: [] } };
    const created = await api.call('POST', `${DEPLOY_PATH()}?fieldValidation=Strict`, body);
    t.equal(created.statusCode, 201, 'an exported manifest with an apps/v1 status is taken');
    const nested = deployment(
      'api',
      {},
      { strategy: { type: 'Recreate' }, template: { metadata: { labels: { app: 'api' } }, spec: { anything: 1 } } },
    );
    t.equal(
      (await api.call('POST', `${DEPLOY_PATH()}?fieldValidation=Strict`, nested)).statusCode,
      201,
      'open fields are kept',
    );
    const typo = deployment('db', {}, { replicas: 1, replica: 2 });
    t.equal(
      (await api.call('POST', DEPLOY_PATH(), typo)).statusCode,
      201,
      'a Deployment spec keeps fields it does not type',
    );
  });
});
