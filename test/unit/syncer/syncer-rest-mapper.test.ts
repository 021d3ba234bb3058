// The REST mapper: kinds to URLs from the downstream cluster's discovery documents (shaped as
// kube-apiserver 1.35 serves them), read once per group version, read again when a kind is
// unknown, but not more than once per interval.
import t from 'tap';
import { KubeApiError } from '../../../src/syncer/downstream/kube-client.js';
import {
  collectionPath,
  NoKindMatchError,
  objectPath,
  RestMapper,
} from '../../../src/syncer/downstream/rest-mapper.js';
import { APPS_V1, CORE_V1, fakeCluster, verbs } from './discovery-fixtures.js';

t.test('kinds map to their resources and scope; subresources are not kinds of their own', async (t) => {
  const { client, reads } = fakeCluster({ '/api/v1': CORE_V1, '/apis/apps/v1': APPS_V1 });
  const mapper = new RestMapper(client);
  const deployment = await mapper.mapping('apps/v1', 'Deployment');
  t.same(deployment, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    group: 'apps',
    resource: 'deployments',
    namespaced: true,
  });
  t.same(
    await mapper.mapping('v1', 'Service'),
    { apiVersion: 'v1', kind: 'Service', group: '', resource: 'services', namespaced: true },
    'not services/status',
  );
  t.same(await mapper.mapping('v1', 'Namespace'), {
    apiVersion: 'v1',
    kind: 'Namespace',
    group: '',
    resource: 'namespaces',
    namespaced: false,
  });
  await mapper.mapping('apps/v1', 'StatefulSet');
  t.same(reads, ['GET /apis/apps/v1', 'GET /api/v1'], 'each group version read once');
  t.equal(collectionPath(deployment, 'shop'), '/apis/apps/v1/namespaces/shop/deployments');
  t.equal(collectionPath(deployment), '/apis/apps/v1/deployments', 'across all namespaces, for the owned watch');
  t.equal(objectPath(await mapper.mapping('v1', 'ConfigMap'), 'shop', 'web'), '/api/v1/namespaces/shop/configmaps/web');
  t.equal(mapper.resourceOf('StatefulSet.apps'), 'statefulsets.apps');
  t.equal(mapper.resourceOf('ConfigMap'), 'configmaps');
  t.equal(mapper.resourceOf('Widget.example.com'), undefined);
});

t.test('an unknown kind reads discovery again, at most once per interval', async (t) => {
  const documents: Record<string, unknown> = { '/apis/apps/v1': APPS_V1 };
  const { client, reads } = fakeCluster(documents);
  let now = 1_000_000;
  const mapper = new RestMapper(client, 10_000, () => now);
  await t.rejects(mapper.mapping('apps/v1', 'ReplicaSet'), NoKindMatchError);
  await t.rejects(mapper.mapping('apps/v1', 'ReplicaSet'), NoKindMatchError, 'still unknown');
  t.equal(reads.length, 1, 'the second miss within the interval reads nothing');
  documents['/apis/apps/v1'] = {
    ...APPS_V1,
    resources: [...APPS_V1.resources, { name: 'replicasets', namespaced: true, kind: 'ReplicaSet', verbs }],
  };
  now += 10_000;
  t.same(
    (await mapper.mapping('apps/v1', 'ReplicaSet')).resource,
    'replicasets',
    'served since: found after the interval',
  );
  t.equal(reads.length, 2);
});

t.test('a group version the cluster does not serve has no kinds; other failures are not answers', async (t) => {
  const { client } = fakeCluster({});
  const mapper = new RestMapper(client);
  const error = await mapper.mapping('example.com/v1', 'Widget').catch((e: unknown) => e);
  t.type(error, NoKindMatchError);
  t.match((error as Error).message, /does not serve kind "Widget" in "example.com\/v1"/);
  const failing = new RestMapper({
    call: async () => {
      throw new KubeApiError(503, { message: 'etcd down' }, 'GET /apis/apps/v1');
    },
  });
  await t.rejects(
    failing.mapping('apps/v1', 'Deployment'),
    KubeApiError,
    'a 503 is retried by the caller, not taken as "no such kind"',
  );
});

t.test('concurrent misses share one discovery read', async (t) => {
  const { client, reads } = fakeCluster({ '/apis/apps/v1': APPS_V1 });
  const mapper = new RestMapper(client);
  await Promise.all([
    mapper.mapping('apps/v1', 'Deployment'),
    mapper.mapping('apps/v1', 'StatefulSet'),
    mapper.mapping('apps/v1', 'Deployment'),
  ]);
  t.equal(reads.length, 1);
});
