// A method a served path does not take is kube-apiserver's 405 MethodNotAllowed, with an Allow
// header naming the methods it does take, and changes nothing; a path nothing serves stays 404.
import t from 'tap';
import { storeSnapshot, testApp } from '../helpers/app.js';

const DEPLOYMENTS = '/apis/apps/v1/namespaces/shop/deployments';
const MESSAGE = 'the server does not allow this method on the requested resource';

t.test('a method the path does not take is 405 with the methods it takes', async (t) => {
  const api = await testApp(t);
  const created = await api.call('POST', DEPLOYMENTS, {
    metadata: { name: 'web' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } } } },
  });
  t.equal(created.statusCode, 201, created.body);
  const before = await storeSnapshot(api.app);
  const cases: [string, string, string, unknown?][] = [
    // Namespaces have no deletecollection, as in Kubernetes.
    ['DELETE', '/api/v1/namespaces', 'GET, POST'],
    ['PUT', DEPLOYMENTS, 'GET, POST, DELETE', { items: [] }],
    ['POST', `${DEPLOYMENTS}/web`, 'GET, PUT, PATCH, DELETE', { metadata: { name: 'web' } }],
    ['POST', `${DEPLOYMENTS}/web?dryRun=All`, 'GET, PUT, PATCH, DELETE'],
    ['PUT', '/api/v1/namespaces/shop/configmaps', 'GET, POST, DELETE'],
  ];
  for (const [method, url, allow, body] of cases) {
    const reply = await api.call(method as 'GET', url, body);
    t.equal(reply.statusCode, 405, `${method} ${url}: ${reply.body}`);
    t.equal(reply.headers.allow, allow, `${method} ${url}: Allow`);
    t.match(reply.json, { kind: 'Status', status: 'Failure', code: 405, reason: 'MethodNotAllowed', message: MESSAGE });
  }
  t.equal(await storeSnapshot(api.app), before, 'nothing was written');
});

t.test('a path nothing serves stays 404, and a request without a token is 401 first', async (t) => {
  const api = await testApp(t);
  for (const [method, url] of [
    ['DELETE', '/api/v1/nothing-here'],
    ['POST', '/apis/example.com/v1/namespaces/shop/widgets/one'],
    ['PUT', '/no/such/path'],
  ] as const) {
    const reply = await api.call(method, url);
    t.equal(reply.statusCode, 404, `${method} ${url}: ${reply.body}`);
    t.equal(reply.headers.allow, undefined);
    t.equal(reply.json.reason, 'NotFound');
  }
  const anonymous = await api.call('DELETE', '/api/v1/namespaces', undefined, { token: null });
  t.equal(anonymous.statusCode, 401, anonymous.body);
});
