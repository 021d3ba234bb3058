// The kcp client keeps a workspace path in the kubeconfig's server URL on every request: a
// local HTTP server stands in for kcp and records what it is asked (this tests URL handling
// only; the mirror's behaviour is tested against a real kube-apiserver in test/e2e).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { pino } from 'pino';
import t, { type Test } from 'tap';
import { KcpClient } from '../../src/kcp/client.js';
import { ensureCrd } from '../../src/kcp/crd.js';

const WORKSPACE = '/clusters/root:org';
const TOKEN = 'kcp-test-token';

interface Recorded {
  method: string;
  path: string;
  authorization?: string;
}

/** Answers like a kcp workspace with no SyncTarget API yet, just enough for every client call. */
function fakeKcp(requests: Recorded[]) {
  let crdCreated = false;
  const send = (res: ServerResponse, code: number, body: unknown) => {
    res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const notFound = { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 404, reason: 'NotFound', message: 'not found' };
  const object = (name: string) => ({ apiVersion: 'workload.kcp.io/v1alpha1', kind: 'SyncTarget', metadata: { name, uid: 'u1', resourceVersion: '7' } });
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://kcp');
      requests.push({ method: req.method ?? '', path: url.pathname, authorization: req.headers.authorization });
      const path = url.pathname.startsWith(WORKSPACE) ? url.pathname.slice(WORKSPACE.length) : '/outside-the-workspace';
      if (path.endsWith('/customresourcedefinitions/synctargets.workload.kcp.io')) {
        if (!crdCreated) return send(res, 404, notFound);
        const conditions = [{ type: 'Established', status: 'True' }, { type: 'NamesAccepted', status: 'True' }];
        return send(res, 200, { metadata: { name: 'synctargets.workload.kcp.io' }, status: { conditions } });
      }
      if (path.endsWith('/customresourcedefinitions') && req.method === 'POST') {
        crdCreated = true;
        return send(res, 201, { metadata: { name: 'synctargets.workload.kcp.io' } });
      }
      if (path === '/apis/workload.kcp.io/v1alpha1') return send(res, 404, notFound);
      if (path === '/apis/workload.kcp.io/v1alpha1/synctargets' && req.method === 'GET') {
        const first = !url.searchParams.get('continue');
        return send(res, 200, { items: [object(first ? 'a' : 'b')], metadata: first ? { continue: 'page-2' } : {} });
      }
      if (path === '/apis/workload.kcp.io/v1alpha1/synctargets') return send(res, 201, object('a'));
      if (path === '/apis/workload.kcp.io/v1alpha1/synctargets/missing') return send(res, 404, notFound);
      if (path.startsWith('/apis/workload.kcp.io/v1alpha1/synctargets/')) return send(res, 200, object('a'));
      return send(res, 404, notFound);
    });
  });
}

async function exerciseEveryCall(t: Test, serverSuffix: string): Promise<Recorded[]> {
  const requests: Recorded[] = [];
  const server = fakeKcp(requests);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  const kubeconfig = join(t.testdir(), 'kcp.kubeconfig');
  writeFileSync(kubeconfig, JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'kcp', cluster: { server: `http://127.0.0.1:${port}${WORKSPACE}${serverSuffix}`, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'admin', user: { token: TOKEN } }],
    contexts: [{ name: 'other', context: { cluster: 'missing', user: 'admin' } }, { name: 'org', context: { cluster: 'kcp', user: 'admin' } }],
    'current-context': 'other',
  }));
  const client = new KcpClient({ kubeconfig, context: 'org', timeoutMs: 5_000 });
  t.equal(await ensureCrd(client, pino({ level: 'silent' })), 'created');
  t.equal(await client.get('missing'), undefined);
  t.same((await client.list()).map((o) => o.metadata.name), ['a', 'b'], 'both pages of the list');
  const created = await client.create({ apiVersion: 'workload.kcp.io/v1alpha1', kind: 'SyncTarget', metadata: { name: 'a' } });
  await client.replace(created);
  await client.replaceStatus(created);
  await client.delete('a', { uid: 'u1', resourceVersion: '7' });
  return requests;
}

for (const [label, suffix] of [['without', ''], ['with', '/']] as const) {
  t.test(`every request keeps the workspace path (server URL ${label} a trailing slash)`, async (t) => {
    const requests = await exerciseEveryCall(t, suffix);
    const calls = requests.map((r) => `${r.method} ${r.path}`);
    t.ok(requests.length >= 11, `the client made its calls: ${calls.join(', ')}`);
    for (const call of calls) t.match(call, /^[A-Z]+ \/clusters\/root:org\/apis\/[a-z]/, 'inside the workspace, no doubled slash');
    const verbs = new Set(requests.map((r) => r.method));
    t.same([...verbs].sort(), ['DELETE', 'GET', 'POST', 'PUT'], 'reads and every kind of write');
    t.ok(calls.includes('PUT /clusters/root:org/apis/workload.kcp.io/v1alpha1/synctargets/a/status'), 'the status subresource too');
    t.ok(requests.every((r) => r.authorization === `Bearer ${TOKEN}`), 'with the credentials of the chosen context');
  });
}

t.test('a --kcp-context the kubeconfig does not have is a configuration error', async (t) => {
  const kubeconfig = join(t.testdir(), 'kcp.kubeconfig');
  writeFileSync(kubeconfig, JSON.stringify({ apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: [] }));
  t.throws(() => new KcpClient({ kubeconfig, context: 'nope' }), /no context "nope"/);
});
