// Server-side apply (application/apply-patch+yaml) on both stores: create on a missing object,
// removal of fields the manager stops applying, conflicts as a 409 Status naming each field,
// force, a no-op apply that writes nothing, and every refusal as a Status.
import t from 'tap';
import { ST_PATH, testApp } from '../helpers/app.js';
import { forEachStore } from '../helpers/stores.js';
import { DEPLOY_PATH } from '../helpers/workloads.js';

const APPLY = { contentType: 'application/apply-patch+yaml' };
const WEB = `${DEPLOY_PATH()}/web`;
const yaml = (labels: string, replicas: number, env: string) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    `metadata: {name: web, labels: {${labels}}}`,
    'spec:',
    `  replicas: ${replicas}`,
    '  selector: {matchLabels: {app: web}}',
    '  template:',
    '    metadata: {labels: {app: web}}',
    `    spec: {containers: [{name: main, image: "nginx:1", env: [${env}]}]}`,
    '',
  ].join('\n');

forEachStore(t, (t) => {
  t.test('apply creates, then removes what its manager no longer applies', async (t) => {
    const { call } = await testApp(t);
    const first = yaml('app: web, tier: front', 2, '{name: A, value: "1"}, {name: B, value: "2"}');
    const created = await call('PATCH', `${WEB}?fieldManager=alice`, undefined, { ...APPLY, rawBody: first });
    t.equal(created.statusCode, 201);
    const labels = { 'f:metadata': { 'f:labels': { 'f:app': {}, 'f:tier': {} } } };
    t.match(created.json, {
      metadata: {
        labels: { app: 'web', tier: 'front' },
        managedFields: [{ manager: 'alice', operation: 'Apply', fieldsV1: labels }],
      },
      spec: { replicas: 2 },
    });
    const second = yaml('app: web', 2, '{name: A, value: "1"}');
    const applied = await call('PATCH', `${WEB}?fieldManager=alice&force=false`, undefined, {
      ...APPLY,
      rawBody: second,
    });
    t.equal(applied.statusCode, 200);
    t.same(applied.json.metadata.labels, { app: 'web' });
    t.same(applied.json.spec.template.spec.containers[0].env, [{ name: 'A', value: '1' }]);
    const again = await call('PATCH', `${WEB}?fieldManager=alice`, undefined, { ...APPLY, rawBody: second });
    t.equal(again.json.metadata.resourceVersion, applied.json.metadata.resourceVersion, 'a no-op apply writes nothing');
  });

  t.test('a conflict is a 409 naming each field and manager; force takes the fields over', async (t) => {
    const { call } = await testApp(t);
    await call('PATCH', `${WEB}?fieldManager=alice`, undefined, { ...APPLY, rawBody: yaml('app: web', 2, '') });
    const config = JSON.stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { replicas: 5 },
    });
    const conflict = await call('PATCH', `${WEB}?fieldManager=bob`, undefined, { ...APPLY, rawBody: config });
    t.match(conflict, {
      statusCode: 409,
      json: {
        kind: 'Status',
        status: 'Failure',
        code: 409,
        reason: 'Conflict',
        message: 'Apply failed with 1 conflict: conflict with "alice": .spec.replicas',
        details: {
          causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "alice"', field: '.spec.replicas' }],
        },
      },
    });
    const scaled = await call('PATCH', `${WEB}?fieldManager=kubectl-scale`, { spec: { replicas: 3 } });
    t.equal(scaled.statusCode, 200, 'an update takes the field without a conflict');
    const again = await call('PATCH', `${WEB}?fieldManager=alice`, undefined, {
      ...APPLY,
      rawBody: yaml('app: web', 2, ''),
    });
    t.match(again.json.message, 'conflict with "kubectl-scale" using apps/v1: .spec.replicas');
    const forced = await call('PATCH', `${WEB}?fieldManager=bob&force=true`, undefined, { ...APPLY, rawBody: config });
    t.equal(forced.statusCode, 200);
    t.equal(forced.json.spec.replicas, 5);
    const managers = forced.json.metadata.managedFields as { manager: string; fieldsV1: Record<string, any> }[];
    t.same(managers.find((m) => m.manager === 'bob')!.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
    t.notOk(
      managers.find((m) => m.manager === 'kubectl-scale'),
      'the manager left with no field is gone',
    );
  });

  t.test('apply refusals answer a Status and change nothing', async (t) => {
    const { call } = await testApp(t);
    const st = (body: string) => ({ ...APPLY, rawBody: body });
    const head = 'apiVersion: workload.kcp.io/v1alpha1\nkind: SyncTarget\n';
    const good = `${head}metadata: {name: east}\nspec: {unschedulable: true}\n`;
    const noManager = await call('PATCH', `${ST_PATH}/east`, undefined, st(good));
    t.match(noManager, {
      statusCode: 422,
      json: {
        kind: 'Status',
        reason: 'Invalid',
        details: { kind: 'PatchOptions', causes: [{ field: 'fieldManager', reason: 'FieldValueRequired' }] },
      },
    });
    const cases: [string, number, RegExp][] = [
      ['metadata: {name: east}\n', 400, /must set apiVersion and kind/],
      [`${head}metadata: {name: east, managedFields: [{manager: x}]}\n`, 400, /managedFields must be nil/],
      ['apiVersion: apps/v1\nkind: SyncTarget\nmetadata: {name: east}\n', 400, /API version/],
      [`${head}metadata: {name: west}\n`, 400, /does not match the name/],
      ['- a\n- b\n', 400, /must be an object/],
      ['a: [unclosed\n', 400, /not valid YAML/],
      ['a: 1\n---\nb: 2\n', 400, /one YAML or JSON document/],
      [`${head}metadata: {name: east}\nspec: {unschedulable: "yes"}\n`, 422, /unschedulable/],
    ];
    for (const [body, code, message] of cases) {
      const reply = await call('PATCH', `${ST_PATH}/east?fieldManager=m`, undefined, st(body));
      t.match(reply, { statusCode: code, json: { kind: 'Status', code, message } }, body);
    }
    t.equal((await call('GET', `${ST_PATH}/east`)).statusCode, 404, 'nothing was created');
    const list = await call(
      'PATCH',
      `${DEPLOY_PATH()}/web?fieldManager=m`,
      undefined,
      st(
        JSON.stringify({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web' },
          spec: {
            selector: { matchLabels: { a: 'b' } },
            template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ image: 'x' }] } },
          },
        }),
      ),
    );
    const causes = [{ field: /containers/ }];
    t.match(list, { statusCode: 422, json: { kind: 'Status', reason: 'Invalid', details: { causes } } });
  });
});
