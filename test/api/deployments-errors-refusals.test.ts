// Bad Deployments: each answers a Status naming the bad fields and changes nothing.
import t from 'tap';
import { expectRefusals, testApp } from '../helpers/app.js';
import { DEPLOY_PATH, deployment } from '../helpers/workloads.js';
import { createCases, spec, template } from './deployments-errors-create-cases.js';
import { ITEM, updateCases } from './deployments-errors-update-cases.js';

t.test('each bad Deployment request gets its Status and changes nothing', async (t) => {
  const app = await testApp(t);
  const created = (await app.call('POST', DEPLOY_PATH(), deployment('web'))).json;
  const current = (await app.call('PATCH', ITEM, { metadata: { labels: { app: 'web', env: 'prod' } } })).json;
  await expectRefusals(t, app, { method: 'POST', url: DEPLOY_PATH() }, [
    ...createCases(),
    ...updateCases(current, created.metadata.resourceVersion),
  ]);
});

t.test('the selector mismatch is reported as Kubernetes words it', async (t) => {
  const { call } = await testApp(t);
  const reply = await call('POST', DEPLOY_PATH(), spec({ selector: { matchLabels: { app: 'other' } }, template }));
  t.equal(reply.statusCode, 422, reply.body);
  t.match(
    reply.json.message,
    /"bad" is invalid: spec\.template\.metadata\.labels: Invalid value: .*`selector` does not match template `labels`/,
  );
});

t.test('replicas 0 is a valid Deployment (scaled to zero)', async (t) => {
  const { call } = await testApp(t);
  const reply = await call('POST', DEPLOY_PATH(), deployment('idle', {}, { replicas: 0 }));
  t.equal(reply.statusCode, 201);
  t.equal(reply.json.spec.replicas, 0);
});
