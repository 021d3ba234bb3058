// Writes in kubectl's protobuf form (what `kubectl create deployment|configmap|...` sends): stored
// as the same object in JSON would be, validated and defaulted alike, and refused whole (nothing
// written) when the body cannot be read; a patch or a kind without a protobuf form answers 415.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { testApp } from '../helpers/app.js';
import { forEachStore } from '../helpers/stores.js';

const PROTOBUF = 'application/vnd.kubernetes.protobuf';
const body = (name: string) =>
  Buffer.from(readFileSync(new URL(`../unit/api/kubectl-bodies/${name}.b64`, import.meta.url), 'utf8'), 'base64');
const DEPLOYMENTS = '/apis/apps/v1/namespaces/cap/deployments';

forEachStore(t, (t) => {
  t.test('kubectl create in protobuf form creates what the JSON form would', async (t) => {
    const app = await testApp(t);
    const send = (method: string, path: string, raw: Buffer, contentType = PROTOBUF) =>
      app.call(method, path, undefined, { rawBody: raw, contentType });
    const created = await send('POST', DEPLOYMENTS, body('deployment'));
    t.equal(created.statusCode, 201, created.body);
    t.match(created.json, { metadata: { name: 'web', namespace: 'cap', generation: 1 }, spec: { replicas: 0 } });
    t.notOk(created.json.status.syncTargets?.length, "the client's status is not taken");
    const secret = await send('POST', '/api/v1/namespaces/cap/secrets', body('secret'));
    t.equal(secret.statusCode, 201, secret.body);
    t.same((await app.call('GET', '/api/v1/namespaces/cap/secrets/s')).json.data, { a: 'Yg==' });
    const service = await send('POST', '/api/v1/namespaces/cap/services', body('service'));
    t.equal(service.statusCode, 201, service.body);
    t.equal(service.json.spec.ports[0].targetPort, 'http');

    const again = await send('POST', DEPLOYMENTS, body('deployment'));
    t.equal(again.statusCode, 409, 'the same rules: it exists');
    const elsewhere = await send('POST', '/apis/apps/v1/namespaces/other/deployments', body('deployment'));
    t.equal(elsewhere.statusCode, 400, "a namespace other than the path's");
    const dry = await send('POST', '/api/v1/namespaces/cap/configmaps?dryRun=All', body('configmap'));
    t.equal(dry.statusCode, 201);
    t.equal(
      (await app.call('GET', '/api/v1/namespaces/cap/configmaps/cm')).statusCode,
      404,
      'a dry run writes nothing',
    );

    const patch = await send('PATCH', `${DEPLOYMENTS}/web`, body('deployment'));
    t.equal(patch.statusCode, 415, 'a patch is never protobuf');
    const wrongRoute = await send('POST', '/api/v1/namespaces/cap/configmaps', body('deployment'));
    t.equal(wrongRoute.statusCode, 400, 'a Deployment posted as a ConfigMap');
    t.equal((await app.call('GET', '/api/v1/namespaces/cap/configmaps')).json.items.length, 0, 'nothing written');
    const sts = await send('POST', '/apis/apps/v1/namespaces/cap/statefulsets', body('deployment'));
    t.equal(sts.statusCode, 415, 'a kind kubectl create never makes takes JSON');
  });
});
