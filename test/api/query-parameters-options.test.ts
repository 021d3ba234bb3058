// Query parameters each route takes, checked as Kubernetes checks them: dryRun, fieldSelector,
// fieldManager, timeout; and the agent routes refuse the ones they do not take before recording.
import t from 'tap';
import { ST_PATH, expectRefusals, syncTarget, testApp } from '../helpers/app.js';
import { forEachStore } from '../helpers/stores.js';
import { STATUS_PATH, createOk } from '../helpers/workloads.js';

forEachStore(t, (t) => {
  t.test(
    'dryRun takes All (a dry run, see write-options.test.ts) or nothing; an empty dryRun is no dry run',
    async (t) => {
      const api = await testApp(t);
      await createOk(api, ST_PATH, syncTarget('edge-1'));
      const refusal = { code: 400, reason: 'BadRequest', causes: ['dryRun'] };
      await expectRefusals(t, api, { method: 'POST', url: `${ST_PATH}?dryRun=Some` }, [
        { title: 'create', body: syncTarget('edge-2'), ...refusal },
        {
          title: 'patch',
          method: 'PATCH',
          url: `${ST_PATH}/edge-1?dryRun=all`,
          body: { spec: { unschedulable: true } },
          ...refusal,
        },
        { title: 'delete', method: 'DELETE', url: `${ST_PATH}/edge-1?dryRun=None`, ...refusal },
      ]);
      t.equal((await api.call('POST', `${ST_PATH}?dryRun=`, syncTarget('edge-2'))).statusCode, 201, 'dryRun= creates');
      t.equal(
        (await api.call('POST', `${ST_PATH}?dryRun`, syncTarget('edge-3'))).statusCode,
        201,
        'a bare dryRun creates',
      );
      t.equal((await api.call('DELETE', `${ST_PATH}/edge-3?dryRun=`)).statusCode, 200, 'dryRun= deletes');
      t.equal((await api.call('GET', `${ST_PATH}/edge-2`)).statusCode, 200, 'really written');
    },
  );

  t.test('fieldSelector filters a list by name, and a field it cannot select on is refused', async (t) => {
    const api = await testApp(t);
    await createOk(api, ST_PATH, syncTarget('edge-1'));
    await createOk(api, ST_PATH, syncTarget('edge-2'));
    const reply = await api.call('GET', `${ST_PATH}?fieldSelector=metadata.name%3Dedge-1`);
    t.equal(reply.statusCode, 200);
    t.same(
      reply.json.items.map((item: { metadata: { name: string } }) => item.metadata.name),
      ['edge-1'],
    );
    const other = await api.call('GET', `${ST_PATH}?fieldSelector=spec.unschedulable%3Dtrue`);
    t.equal(other.statusCode, 400, 'a field other than metadata.name/namespace is refused, not ignored');
    t.match(other.json, { kind: 'Status', reason: 'BadRequest' });
    const item = await api.call('GET', `${ST_PATH}/edge-1?fieldSelector=metadata.name%3Dedge-1`);
    t.equal(item.statusCode, 400, 'a get of one object takes no fieldSelector');
    t.match(item.json, {
      kind: 'Status',
      details: { causes: [{ field: 'fieldSelector', reason: 'FieldValueNotSupported' }] },
    });
  });

  t.test('fieldManager is taken on writes, and checked as Kubernetes checks it', async (t) => {
    const api = await testApp(t);
    t.equal((await api.call('POST', `${ST_PATH}?fieldManager=kubectl-create`, syncTarget('edge-1'))).statusCode, 201);
    t.equal(
      (await api.call('PATCH', `${ST_PATH}/edge-1?fieldManager=kubectl-edit`, { spec: { unschedulable: true } }))
        .statusCode,
      200,
    );
    const long = await api.call('POST', `${ST_PATH}?fieldManager=${'m'.repeat(129)}`, syncTarget('edge-2'));
    t.equal(long.statusCode, 400);
    t.match(long.json, { reason: 'BadRequest', details: { causes: [{ field: 'fieldManager' }] } });
    t.equal((await api.call('GET', `${ST_PATH}/edge-2`)).statusCode, 404);
  });

  t.test('the agent routes refuse parameters too, before anything is recorded', async (t) => {
    const api = await testApp(t);
    await createOk(api, ST_PATH, syncTarget('edge-1'));
    const beat = await api.call('POST', `${ST_PATH}/edge-1/heartbeat?dryRun=All`, {});
    t.equal(beat.statusCode, 400);
    t.match(beat.json, { kind: 'Status', reason: 'BadRequest', details: { causes: [{ field: 'dryRun' }] } });
    const conditions = (await api.call('GET', `${ST_PATH}/edge-1`)).json.status.conditions;
    t.match(
      conditions.find((c: { type: string }) => c.type === 'Ready'),
      { status: 'False', reason: 'NoHeartbeat' },
      'no heartbeat recorded',
    );
    const status = await api.call('PUT', `${STATUS_PATH('edge-1', 'default', 'web')}?pretty=1`, {
      observedGeneration: 1,
      state: 'Applied',
      status: {},
    });
    t.equal(status.statusCode, 400, 'a status report with a parameter is a 400, not a 422 about its body');
  });

  t.test("client-go's request timeout is taken on every route, and must be a duration", async (t) => {
    const api = await testApp(t);
    for (const url of ['/healthz', ST_PATH, '/openapi/v2', '/apis']) {
      const ok = await api.call('GET', `${url}?timeout=32s`);
      t.equal(ok.statusCode, 200, `${url} takes timeout=32s`);
    }
    const created = await api.call(
      'POST',
      `${ST_PATH}?timeout=1m30s&fieldManager=kubectl-create`,
      syncTarget('edge-1'),
    );
    t.equal(created.statusCode, 201, 'a write takes it too');
    const bad = await api.call('GET', `${ST_PATH}?timeout=soon`);
    t.equal(bad.statusCode, 400);
    t.match(bad.json, { kind: 'Status', reason: 'BadRequest', details: { causes: [{ field: 'timeout' }] } });
  });
});
