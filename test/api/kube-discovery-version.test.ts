// Kubernetes discovery as client-go decodes it: /version, who may read discovery, and unknown groups or versions.
import t from 'tap';
import { KUBERNETES_API_VERSION, VERSION } from '../../src/version.js';
import { kubernetesVersion } from '../cluster/binaries.js';
import { testApp } from '../helpers/app.js';

t.test('/version answers without a token, in the shape of version.Info', async (t) => {
  const { call } = await testApp(t);
  const reply = await call('GET', '/version', undefined, { token: null });
  t.equal(reply.statusCode, 200);
  const [major, minor] = KUBERNETES_API_VERSION.split('.');
  t.match(reply.json, { major, minor, gitVersion: `v${major}.${minor}.0+tmc-v${VERSION}`, platform: /\S+\/\S+/ });
  for (const key of ['gitCommit', 'gitTreeState', 'buildDate', 'goVersion', 'compiler']) {
    t.type(reply.json[key], 'string', key);
  }
});

t.test('the Kubernetes API level /version reports is that of the kubectl the tests use', async (t) => {
  const pinned = kubernetesVersion().replace(/^v(\d+\.\d+)\..*$/, '$1');
  t.equal(KUBERNETES_API_VERSION, pinned, 'test/cluster/go/k8s pins it');
});

t.test('discovery needs an admin token', async (t) => {
  const { call } = await testApp(t);
  for (const url of ['/api', '/apis', '/apis/apps', '/apis/apps/v1', '/openapi/v3', '/openapi/v2']) {
    const reply = await call('GET', url, undefined, { token: null });
    t.equal(reply.statusCode, 401, url);
    t.equal(reply.json.kind, 'Status', url);
  }
});

t.test('an unknown group or version is a 404 Status', async (t) => {
  const { call } = await testApp(t);
  for (const url of ['/apis/nope.example.com', '/apis/apps/v2', '/apis/nope.example.com/v1']) {
    const reply = await call('GET', url);
    t.equal(reply.statusCode, 404, url);
    t.match(reply.json, { kind: 'Status', reason: 'NotFound' }, url);
  }
});
