// Operations endpoints: no token needed; readiness, metrics, Swagger UI and the OpenAPI document.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { generateOpenApi } from '../../scripts/write-openapi.js';
import { ST_PATH, syncTarget, testApp } from '../helpers/app.js';

t.test('health, liveness and readiness answer without a token', async (t) => {
  const { call } = await testApp(t);
  for (const path of ['/healthz', '/livez']) {
    const reply = await call('GET', path, undefined, { token: null });
    t.equal(reply.statusCode, 200, path);
    t.equal(reply.json.status, 'ok');
  }
  const ready = await call('GET', '/readyz', undefined, { token: null });
  t.equal(ready.statusCode, 200);
  t.equal(ready.json.checks.store, 'ok');
});

t.test('readyz turns 503 while shutting down', async (t) => {
  const { app, call } = await testApp(t);
  app.readiness.markStopping();
  const reply = await call('GET', '/readyz', undefined, { token: null });
  t.equal(reply.statusCode, 503);
  t.match(reply.json.checks.shutdown, /shutting down/);
});

t.test('metrics count requests by route pattern and status', async (t) => {
  const { call } = await testApp(t);
  await call('POST', ST_PATH, syncTarget('edge-1'));
  await call('GET', `${ST_PATH}/edge-1`);
  await call('GET', `${ST_PATH}/missing`);
  const reply = await call('GET', '/metrics', undefined, { token: null });
  t.equal(reply.statusCode, 200);
  t.match(reply.headers['content-type'], /text\/plain/);
  t.match(
    reply.body,
    /tmc_http_requests_total\{method="GET",route="\/apis\/workload.kcp.io\/v1alpha1\/synctargets\/:name",status="200"\} 1/,
  );
  t.match(
    reply.body,
    /tmc_http_requests_total\{method="GET",route="\/apis\/workload.kcp.io\/v1alpha1\/synctargets\/:name",status="404"\} 1/,
  );
  t.match(reply.body, /tmc_http_request_duration_seconds_bucket/);
  t.match(reply.body, /process_cpu_seconds_total/);
});

t.test('responses carry a request id', async (t) => {
  const { call } = await testApp(t);
  const reply = await call('GET', '/healthz', undefined, { token: null });
  t.match(reply.headers['x-request-id'], /^[0-9a-f-]{36}$/);
});

t.test('Swagger UI is served at /docs and the document at /openapi.json', async (t) => {
  const { call } = await testApp(t);
  const docs = await call('GET', '/docs/', undefined, { token: null });
  t.equal(docs.statusCode, 200);
  t.match(docs.body, /swagger-ui/i);
  const document = await call('GET', '/openapi.json', undefined, { token: null });
  t.equal(document.statusCode, 200);
  t.equal(document.json.openapi, '3.0.3');
  t.ok(document.json.paths['/apis/workload.kcp.io/v1alpha1/synctargets/{name}'].patch);
  t.same(document.json.components.securitySchemes.bearerAuth, { type: 'http', scheme: 'bearer' });
});

t.test('the committed openapi/openapi.json is what the routes produce', async (t) => {
  const committed = readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8');
  const generated = await generateOpenApi();
  t.ok(committed === generated, 'openapi/openapi.json is stale: run `npm run openapi` and commit the result');
});
