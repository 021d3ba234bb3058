// Bad Deployments: each answers a Status naming the bad fields and changes nothing.
import t from 'tap';
import { type Refusal, expectRefusals, testApp } from '../helpers/app.js';
import { DEPLOY_PATH, deployment } from '../helpers/workloads.js';

const ITEM = `${DEPLOY_PATH()}/web`;
const spec = (s: Record<string, unknown>) => ({ ...deployment('bad'), spec: s });
const template = { metadata: { labels: { app: 'bad' } } };
const selector = { matchLabels: { app: 'bad' } };

const cases = (current: any, staleVersion: string): Refusal[] => [
  { title: 'no spec', body: { metadata: { name: 'bad' } }, code: 422, reason: 'Invalid', causes: ['spec'] },
  { title: 'no selector', body: spec({ template }), code: 422, reason: 'Invalid', causes: ['spec.selector'] },
  { title: 'no template', body: spec({ selector }), code: 422, reason: 'Invalid', causes: ['spec.template'] },
  {
    title: 'negative replicas',
    body: spec({ selector, template, replicas: -1 }),
    code: 422,
    reason: 'Invalid',
    causes: ['spec.replicas'],
  },
  {
    title: 'fractional replicas',
    body: spec({ selector, template, replicas: 1.5 }),
    code: 422,
    reason: 'Invalid',
    causes: ['spec.replicas'],
  },
  {
    title: 'replicas as a string',
    body: spec({ selector, template, replicas: '3' }),
    code: 422,
    reason: 'Invalid',
    causes: ['spec.replicas'],
  },
  {
    title: 'an empty selector',
    body: spec({ selector: {}, template }),
    code: 422,
    reason: 'Invalid',
    causes: ['spec.selector'],
  },
  {
    title: 'a selector that misses the template labels',
    body: spec({ selector: { matchLabels: { app: 'other' } }, template }),
    code: 422,
    reason: 'Invalid',
    causes: ['spec.template.metadata.labels'],
  },
  {
    title: 'a template without labels',
    body: spec({ selector, template: {} }),
    code: 422,
    reason: 'Invalid',
    causes: ['spec.template.metadata.labels'],
  },
  {
    title: 'an unknown selector operator',
    body: spec({ selector: { matchExpressions: [{ key: 'app', operator: 'Near', values: ['bad'] }] }, template }),
    code: 422,
    reason: 'Invalid',
    causes: ['spec.selector.matchExpressions[0].operator'],
  },
  {
    title: 'In without values',
    body: spec({ selector: { matchExpressions: [{ key: 'app', operator: 'In' }] }, template }),
    code: 422,
    reason: 'Invalid',
    causes: ['spec.selector.matchExpressions[0].values'],
  },
  {
    title: 'a bad selector label value',
    body: spec({ selector: { matchLabels: { app: 'no way!' } }, template }),
    code: 422,
    reason: 'Invalid',
    causes: ['spec.selector.matchLabels.app'],
  },
  {
    title: 'a bad template label',
    body: spec({ selector, template: { metadata: { labels: { app: 'bad', 'bad key': 'x' } } } }),
    code: 422,
    reason: 'Invalid',
    causes: ['spec.template.metadata.labels'],
  },
  {
    title: 'a template spec that is not an object',
    body: spec({ selector, template: { ...template, spec: 'pods' } }),
    code: 422,
    reason: 'Invalid',
    causes: ['spec.template.spec'],
  },
  {
    title: 'a bad name',
    body: { ...deployment('bad'), metadata: { name: 'Bad_Name', labels: { app: 'bad' } } },
    code: 422,
    reason: 'Invalid',
    causes: ['metadata.name'],
  },
  {
    title: 'a bad namespace in the path',
    url: DEPLOY_PATH('Not_A_Namespace'),
    body: deployment('bad'),
    code: 422,
    reason: 'Invalid',
    causes: ['metadata.namespace'],
  },
  {
    title: 'another namespace in the body',
    body: { ...deployment('bad'), metadata: { name: 'bad', namespace: 'elsewhere', labels: { app: 'bad' } } },
    code: 400,
    reason: 'BadRequest',
  },
  {
    title: 'a wrong apiVersion',
    body: { ...deployment('bad'), apiVersion: 'extensions/v1beta1' },
    code: 400,
    reason: 'BadRequest',
  },
  { title: 'a wrong kind', body: { ...deployment('bad'), kind: 'StatefulSet' }, code: 400, reason: 'BadRequest' },
  { title: 'an existing name', body: deployment('web'), code: 409, reason: 'AlreadyExists' },
  { title: 'malformed JSON', options: { rawBody: '{"metadata":' }, code: 400, reason: 'BadRequest' },
  {
    title: 'text/plain',
    options: { rawBody: 'kind: Deployment', contentType: 'text/plain' },
    code: 415,
    reason: 'UnsupportedMediaType',
  },
  {
    title: 'PUT with a stale resourceVersion',
    method: 'PUT',
    url: ITEM,
    body: {
      ...current,
      metadata: { ...current.metadata, resourceVersion: staleVersion },
      spec: { ...current.spec, replicas: 2 },
    },
    code: 409,
    reason: 'Conflict',
  },
  {
    title: 'PUT breaking the selector match',
    method: 'PUT',
    url: ITEM,
    body: { ...current, spec: { ...current.spec, selector: { matchLabels: { app: 'x' } } } },
    code: 422,
    reason: 'Invalid',
    causes: ['spec.template.metadata.labels'],
  },
  {
    title: 'PUT of a missing Deployment',
    method: 'PUT',
    url: `${DEPLOY_PATH()}/nope`,
    body: { ...current, metadata: { ...current.metadata, name: 'nope' } },
    code: 404,
    reason: 'NotFound',
  },
  {
    title: 'PATCH to negative replicas',
    method: 'PATCH',
    url: ITEM,
    body: { spec: { replicas: -3 } },
    code: 422,
    reason: 'Invalid',
    causes: ['spec.replicas'],
  },
  {
    title: 'PATCH removing the selector',
    method: 'PATCH',
    url: ITEM,
    body: { spec: { selector: null } },
    code: 422,
    reason: 'Invalid',
    causes: ['spec.selector'],
  },
  {
    title: 'PATCH as application/json',
    method: 'PATCH',
    url: ITEM,
    body: { spec: {} },
    options: { contentType: 'application/json' },
    code: 415,
    reason: 'UnsupportedMediaType',
  },
  {
    title: 'DELETE with a wrong uid precondition',
    method: 'DELETE',
    url: ITEM,
    body: { preconditions: { uid: 'other' } },
    code: 409,
    reason: 'Conflict',
  },
  {
    title: 'DELETE of a missing Deployment',
    method: 'DELETE',
    url: `${DEPLOY_PATH()}/nope`,
    code: 404,
    reason: 'NotFound',
  },
  { title: 'no token', body: deployment('bad'), options: { token: null }, code: 401, reason: 'Unauthorized' },
];

t.test('each bad Deployment request gets its Status and changes nothing', async (t) => {
  const app = await testApp(t);
  const created = (await app.call('POST', DEPLOY_PATH(), deployment('web'))).json;
  const current = (await app.call('PATCH', ITEM, { metadata: { labels: { app: 'web', env: 'prod' } } })).json;
  await expectRefusals(
    t,
    app,
    { method: 'POST', url: DEPLOY_PATH() },
    cases(current, created.metadata.resourceVersion),
  );
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
