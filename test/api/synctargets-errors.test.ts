// Bad input: every case answers a clear Kubernetes Status and leaves the store unchanged.
import t from 'tap';
import { ADMIN_TOKEN, type Refusal, ST_PATH, expectRefusals, syncTarget, testApp } from '../helpers/app.js';

const ITEM = `${ST_PATH}/edge-1`;
const bigLabel = 'x'.repeat(1024 * 1024 + 10);

const cases = (current: { metadata: Record<string, unknown>; spec: unknown }, staleVersion: string): Refusal[] => [
  {
    title: 'malformed JSON',
    method: 'POST',
    options: { rawBody: '{"metadata": {"name": "x"' },
    code: 400,
    reason: 'BadRequest',
  },
  { title: 'a JSON array body', method: 'POST', body: [1, 2], code: 400, reason: 'BadRequest' },
  { title: 'a JSON string body', method: 'POST', body: 'edge', code: 400, reason: 'BadRequest' },
  {
    title: 'an empty body',
    method: 'POST',
    options: { rawBody: '', contentType: 'application/json' },
    code: 400,
    reason: 'BadRequest',
  },
  {
    title: 'prototype poisoning',
    method: 'POST',
    options: { rawBody: '{"metadata":{"name":"p"},"__proto__":{"x":1}}' },
    code: 400,
    reason: 'BadRequest',
  },
  {
    title: 'wrong spec type',
    method: 'POST',
    body: syncTarget('edge-2', undefined, { unschedulable: 'yes' }),
    code: 422,
    reason: 'Invalid',
    causes: ['spec.unschedulable'],
  },
  {
    title: 'wrong evictAfter format',
    method: 'POST',
    body: syncTarget('edge-2', undefined, { evictAfter: 'tomorrow' }),
    code: 422,
    reason: 'Invalid',
    causes: ['spec.evictAfter'],
  },
  {
    title: 'labels of the wrong type',
    method: 'POST',
    body: { metadata: { name: 'edge-2', labels: { a: 1 } } },
    code: 422,
    reason: 'Invalid',
    causes: ['metadata.labels.a'],
  },
  {
    title: 'metadata not an object',
    method: 'POST',
    body: { metadata: 'edge-2' },
    code: 422,
    reason: 'Invalid',
    causes: ['metadata'],
  },
  {
    title: 'no metadata at all',
    method: 'POST',
    body: { spec: {} },
    code: 422,
    reason: 'Invalid',
    causes: ['metadata'],
  },
  { title: 'no name', method: 'POST', body: { metadata: {} }, code: 422, reason: 'Invalid', causes: ['metadata.name'] },
  {
    title: 'an upper-case name',
    method: 'POST',
    body: syncTarget('Edge_1'),
    code: 422,
    reason: 'Invalid',
    causes: ['metadata.name'],
  },
  {
    title: 'a 254-character name',
    method: 'POST',
    body: syncTarget('a'.repeat(254)),
    code: 422,
    reason: 'Invalid',
    causes: ['metadata.name'],
  },
  {
    title: 'a bad label key and value',
    method: 'POST',
    body: syncTarget('edge-2', { 'bad key': 'ok', good: 'bad value!' }),
    code: 422,
    reason: 'Invalid',
    causes: ['metadata.labels', 'metadata.labels.good'],
  },
  {
    title: 'a resourceVersion on create',
    method: 'POST',
    body: { metadata: { name: 'edge-2', resourceVersion: '5' } },
    code: 422,
    reason: 'Invalid',
    causes: ['metadata.resourceVersion'],
  },
  {
    title: 'a wrong apiVersion',
    method: 'POST',
    body: { ...syncTarget('edge-2'), apiVersion: 'v1' },
    code: 400,
    reason: 'BadRequest',
  },
  {
    title: 'a wrong kind',
    method: 'POST',
    body: { ...syncTarget('edge-2'), kind: 'Deployment' },
    code: 400,
    reason: 'BadRequest',
  },
  { title: 'an existing name', method: 'POST', body: syncTarget('edge-1'), code: 409, reason: 'AlreadyExists' },
  {
    title: 'a body over the limit',
    method: 'POST',
    body: syncTarget('edge-2', { big: bigLabel }),
    code: 413,
    reason: 'RequestEntityTooLarge',
  },
  {
    title: 'text/plain',
    method: 'POST',
    options: { rawBody: 'name: edge-2', contentType: 'text/plain' },
    code: 415,
    reason: 'UnsupportedMediaType',
  },
  {
    title: 'POST with a merge-patch type',
    method: 'POST',
    body: syncTarget('edge-2'),
    options: { contentType: 'application/merge-patch+json' },
    code: 415,
    reason: 'UnsupportedMediaType',
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
    title: 'PUT as merge-patch',
    method: 'PUT',
    url: ITEM,
    body: current,
    options: { contentType: 'application/merge-patch+json' },
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
      spec: { unschedulable: true },
    },
    code: 409,
    reason: 'Conflict',
  },
  {
    title: 'PUT without resourceVersion',
    method: 'PUT',
    url: ITEM,
    body: { ...current, metadata: { name: 'edge-1' } },
    code: 422,
    reason: 'Invalid',
    causes: ['metadata.resourceVersion'],
  },
  {
    title: 'PUT with another name',
    method: 'PUT',
    url: ITEM,
    body: { ...current, metadata: { ...current.metadata, name: 'edge-9' } },
    code: 400,
    reason: 'BadRequest',
  },
  {
    title: 'PUT with another uid',
    method: 'PUT',
    url: ITEM,
    body: { ...current, metadata: { ...current.metadata, uid: '00000000-0000-0000-0000-000000000000' } },
    code: 409,
    reason: 'Conflict',
  },
  {
    title: 'PUT of a missing object',
    method: 'PUT',
    url: `${ST_PATH}/nope`,
    body: { ...current, metadata: { ...current.metadata, name: 'nope' } },
    code: 404,
    reason: 'NotFound',
  },
  {
    title: 'PUT with a bad spec',
    method: 'PUT',
    url: ITEM,
    body: { ...current, spec: { unschedulable: 1 } },
    code: 422,
    reason: 'Invalid',
    causes: ['spec.unschedulable'],
  },
  {
    title: 'PATCH to a bad spec',
    method: 'PATCH',
    url: ITEM,
    body: { spec: { unschedulable: 'no' } },
    code: 422,
    reason: 'Invalid',
    causes: ['spec.unschedulable'],
  },
  {
    title: 'PATCH removing metadata',
    method: 'PATCH',
    url: ITEM,
    body: { metadata: null },
    code: 400,
    reason: 'BadRequest',
  },
  {
    title: 'PATCH with a bad label',
    method: 'PATCH',
    url: ITEM,
    body: { metadata: { labels: { '-x': 'y' } } },
    code: 422,
    reason: 'Invalid',
    causes: ['metadata.labels'],
  },
  {
    title: 'PATCH renaming',
    method: 'PATCH',
    url: ITEM,
    body: { metadata: { name: 'other' } },
    code: 400,
    reason: 'BadRequest',
  },
  {
    title: 'PATCH of a missing object',
    method: 'PATCH',
    url: `${ST_PATH}/nope`,
    body: { spec: {} },
    code: 404,
    reason: 'NotFound',
  },
  { title: 'PATCH with a non-object body', method: 'PATCH', url: ITEM, body: [1], code: 400, reason: 'BadRequest' },
  {
    title: 'DELETE with a bad options body',
    method: 'DELETE',
    url: ITEM,
    body: { preconditions: 'all' },
    code: 400,
    reason: 'BadRequest',
  },
  { title: 'GET of a missing object', method: 'GET', url: `${ST_PATH}/nope`, code: 404, reason: 'NotFound' },
  {
    title: 'no token',
    method: 'POST',
    body: syncTarget('edge-2'),
    options: { token: null },
    code: 401,
    reason: 'Unauthorized',
  },
  {
    title: 'a wrong token',
    method: 'POST',
    body: syncTarget('edge-2'),
    options: { token: `${ADMIN_TOKEN}x` },
    code: 401,
    reason: 'Unauthorized',
  },
  { title: 'a garbage token', method: 'DELETE', url: ITEM, options: { token: '☃' }, code: 401, reason: 'Unauthorized' },
  {
    title: 'an unknown path under /apis',
    method: 'GET',
    url: '/apis/workload.kcp.io/v1alpha1/nothings',
    code: 404,
    reason: 'NotFound',
  },
];

t.test('each bad request gets its Status and changes nothing', async (t) => {
  const api = await testApp(t);
  const { call } = api;
  const created = (await call('POST', ST_PATH, syncTarget('edge-1'))).json;
  const current = (await call('PATCH', ITEM, { metadata: { labels: { env: 'prod' } } })).json;
  await expectRefusals(t, api, { method: 'POST', url: ST_PATH }, cases(current, created.metadata.resourceVersion));
});

t.test('an unknown route answers a 404 Status', async (t) => {
  const { call } = await testApp(t);
  const reply = await call('GET', '/no/such/route', undefined, { token: null });
  t.equal(reply.statusCode, 404);
  t.match(reply.json, { kind: 'Status', reason: 'NotFound' });
});

t.test('an unexpected failure is a 500 Status without internals', async (t) => {
  const { app, call } = await testApp(t);
  await app.store.close();
  const reply = await call('GET', ST_PATH);
  t.equal(reply.statusCode, 500);
  t.match(reply.json, { kind: 'Status', reason: 'InternalError' });
  t.notMatch(reply.body, /database|sqlite|at .*\.ts/i, 'no internals leak');
  t.match(reply.json.message, /request id/);
  t.equal(
    (await call('GET', '/readyz', undefined, { token: null })).statusCode,
    503,
    'readyz reports the broken store',
  );
});
