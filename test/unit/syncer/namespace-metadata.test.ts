// The agent's applies of its namespaces' labels and annotations: one server-side apply per
// namespace whose metadata changed (none for an answer that changes nothing, none from a server
// before namespaces), every namespace again at the resync, and a failed apply retried.
import { pino } from 'pino';
import t from 'tap';
import type { KubeClient } from '../../../src/syncer/downstream/kube-client.js';
import { NamespaceMetadata } from '../../../src/syncer/downstream/namespace-metadata.js';
import { waitFor } from '../../helpers/wait.js';

interface Call {
  path: string;
  body: { metadata: Record<string, unknown> };
  query: Record<string, unknown>;
  contentType: string;
}

function fakeClient(failures = 0) {
  const calls: Call[] = [];
  let failing = failures;
  const client = {
    call: async (method: string, path: string, options: Omit<Call, 'path'>) => {
      if (method !== 'PATCH') throw new Error(`unexpected ${method}`);
      if (failing-- > 0) throw new Error('connection refused');
      calls.push({ path, ...options });
      return {};
    },
  } as unknown as KubeClient;
  return { client, calls };
}

const shop = { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } };
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

t.test('each changed namespace is applied once, by server-side apply under the agent manager', async (t) => {
  const { client, calls } = fakeClient();
  const namespaces = new NamespaceMetadata(client, pino({ level: 'silent' }));
  namespaces.start();
  t.teardown(() => namespaces.stop());
  namespaces.take(undefined);
  namespaces.take([shop, { name: 'plain' }]);
  await waitFor(async () => calls.length === 2, 'two applies');
  const applied = calls.find((c) => c.path === '/api/v1/namespaces/shop')!;
  t.equal(applied.contentType, 'application/apply-patch+yaml');
  t.same(applied.query, { fieldManager: 'tmc-syncer', force: true });
  t.same(applied.body.metadata, { name: 'shop', labels: shop.labels, annotations: {} });
  t.same(calls.find((c) => c.path === '/api/v1/namespaces/plain')!.body.metadata, {
    name: 'plain',
    labels: {},
    annotations: {},
  });
  namespaces.take([shop, { name: 'plain' }]);
  await settle();
  t.equal(calls.length, 2, 'an answer that changes nothing applies nothing');
  namespaces.take([{ name: 'shop' }, { name: 'plain' }]);
  await waitFor(async () => calls.length === 3, 'the removal applied');
  t.same(calls[2]!.body.metadata, { name: 'shop', labels: {}, annotations: {} }, 'the label goes');
  namespaces.resync();
  await waitFor(async () => calls.length === 5, 'both applied again at the resync');
});

t.test('a failed apply is retried', async (t) => {
  const { client, calls } = fakeClient(1);
  const namespaces = new NamespaceMetadata(client, pino({ level: 'silent' }));
  namespaces.start();
  t.teardown(() => namespaces.stop());
  namespaces.take([shop]);
  await waitFor(async () => calls.length === 1, 'the apply after a failure', 10_000);
  t.same(calls[0]!.body.metadata.labels, shop.labels);
});
