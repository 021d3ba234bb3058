// The kcp client keeps a workspace path in the kubeconfig's server URL on every request: a
// local HTTP server stands in for kcp and records what it is asked (this tests URL handling
// only; the mirror's behaviour is tested against a real kube-apiserver in test/e2e).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import t from 'tap';
import { KcpClient } from '../../../src/kcp/client.js';
import { ensureCrd, loadCrdManifest } from '../../../src/kcp/crd.js';
import { NOT_FOUND, type Route, TOKEN, fakeKcp } from './kcp-fake.js';

const ST = '/apis/workload.kcp.io/v1alpha1/synctargets';
const object = (name: string) => ({
  apiVersion: 'workload.kcp.io/v1alpha1',
  kind: 'SyncTarget',
  metadata: { name, uid: 'u1', resourceVersion: '7' },
});

/** A workspace with no SyncTarget API yet, just enough for every call the client makes. */
function workspace(): Route {
  let crdCreated = false;
  return (method, path, query) => {
    if (path.endsWith('/customresourcedefinitions/synctargets.workload.kcp.io')) {
      const conditions = [
        { type: 'Established', status: 'True' },
        { type: 'NamesAccepted', status: 'True' },
      ];
      return crdCreated
        ? [200, { metadata: { name: 'synctargets.workload.kcp.io' }, status: { conditions } }]
        : NOT_FOUND;
    }
    if (path.endsWith('/customresourcedefinitions') && method === 'POST') {
      crdCreated = true;
      return [201, { metadata: { name: 'synctargets.workload.kcp.io' } }];
    }
    if (path === ST && method === 'GET') {
      const first = !query.get('continue');
      return [200, { items: [object(first ? 'a' : 'b')], metadata: first ? { continue: 'page-2' } : {} }];
    }
    if (path === ST) return [201, object('a')];
    if (path.startsWith(`${ST}/`) && !path.endsWith('/missing')) return [200, object('a')];
    return NOT_FOUND;
  };
}

for (const [label, suffix] of [
  ['without', ''],
  ['with', '/'],
] as const) {
  t.test(`every request keeps the workspace path (server URL ${label} a trailing slash)`, async (t) => {
    const { client, requests } = await fakeKcp(t, workspace(), suffix);
    t.equal(await ensureCrd(client, loadCrdManifest(), pino({ level: 'silent' })), 'created');
    t.equal(await client.get('missing'), undefined);
    t.same(
      (await client.list()).map((o) => o.metadata.name),
      ['a', 'b'],
      'both pages of the list',
    );
    const created = await client.create({
      apiVersion: 'workload.kcp.io/v1alpha1',
      kind: 'SyncTarget',
      metadata: { name: 'a' },
    });
    await client.replace(created);
    await client.replaceStatus(created);
    await client.delete('a', { uid: 'u1', resourceVersion: '7' });

    const calls = requests.map((r) => `${r.method} ${r.path}`);
    t.ok(requests.length >= 11, `the client made its calls: ${calls.join(', ')}`);
    for (const call of calls)
      t.match(call, /^[A-Z]+ \/clusters\/root:org\/apis\/[a-z]/, 'inside the workspace, no doubled slash');
    t.same(
      [...new Set(requests.map((r) => r.method))].sort(),
      ['DELETE', 'GET', 'POST', 'PUT'],
      'reads and every kind of write',
    );
    t.ok(calls.includes(`PUT /clusters/root:org${ST}/a/status`), 'the status subresource too');
    t.ok(
      requests.every((r) => r.authorization === `Bearer ${TOKEN}`),
      'with the credentials of the chosen context',
    );
    t.match(
      JSON.parse(requests.at(-1)!.body),
      { preconditions: { uid: 'u1', resourceVersion: '7' } },
      'a delete names what it saw',
    );
  });
}

t.test('a --kcp-context the kubeconfig does not have is a configuration error', async (t) => {
  const kubeconfig = join(t.testdir(), 'kcp.kubeconfig');
  writeFileSync(
    kubeconfig,
    JSON.stringify({ apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: [] }),
  );
  t.throws(
    () => new KcpClient({ kubeconfig, context: 'nope' }),
    /--kcp-context "nope" is not in \S+kcp\.kubeconfig \(its contexts: none\)/,
  );
});
