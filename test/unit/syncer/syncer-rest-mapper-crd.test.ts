// The REST mapper and custom resources: a group version told to expire (a definition just
// Established downstream) is read again at the next miss, and a CustomResourceDefinition's own
// URLs are cluster-scoped.
import t from 'tap';
import {
  collectionPath,
  NoKindMatchError,
  objectPath,
  RestMapper,
} from '../../../src/syncer/downstream/rest-mapper.js';
import { APPS_V1, fakeCluster, verbs } from './discovery-fixtures.js';

t.test('an expired group version is read again at the next miss, not before; known kinds stay known', async (t) => {
  const documents: Record<string, unknown> = { '/apis/apps/v1': APPS_V1 };
  const { client, reads } = fakeCluster(documents);
  const now = 1_000_000;
  const mapper = new RestMapper(client, 10_000, () => now);
  await t.rejects(mapper.mapping('example.com/v1', 'Widget'), NoKindMatchError, 'its definition is not served yet');
  await mapper.mapping('apps/v1', 'Deployment');
  mapper.expire('example.com/v1');
  mapper.expire('apps/v1');
  mapper.expire('never.read/v1');
  await mapper.mapping('apps/v1', 'Deployment');
  t.equal(mapper.resourceOf('Deployment.apps'), 'deployments.apps');
  t.same(reads, ['GET /apis/example.com/v1', 'GET /apis/apps/v1'], 'a known kind reads nothing');
  documents['/apis/example.com/v1'] = {
    kind: 'APIResourceList',
    groupVersion: 'example.com/v1',
    resources: [{ name: 'widgets', singularName: 'widget', namespaced: true, kind: 'Widget', verbs }],
  };
  t.same(await mapper.mapping('example.com/v1', 'Widget'), {
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    group: 'example.com',
    resource: 'widgets',
    namespaced: true,
  });
  t.equal(reads.length, 3, 'read again within the interval, once expired');
  await t.rejects(mapper.mapping('example.com/v1', 'Gadget'), NoKindMatchError);
  t.equal(reads.length, 3, 'and then not again within the interval');
});

t.test('a CustomResourceDefinition is cluster-scoped: its URLs have no namespace', async (t) => {
  const { client } = fakeCluster({
    '/apis/apiextensions.k8s.io/v1': {
      kind: 'APIResourceList',
      groupVersion: 'apiextensions.k8s.io/v1',
      resources: [
        { name: 'customresourcedefinitions', namespaced: false, kind: 'CustomResourceDefinition', verbs },
        { name: 'customresourcedefinitions/status', namespaced: false, kind: 'CustomResourceDefinition', verbs },
      ],
    },
  });
  const mapping = await new RestMapper(client).mapping('apiextensions.k8s.io/v1', 'CustomResourceDefinition');
  t.equal(mapping.namespaced, false);
  const path = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
  t.equal(collectionPath(mapping), path, 'the owned watch');
  t.equal(collectionPath(mapping, ''), path, 'a create');
  t.equal(objectPath(mapping, '', 'widgets.example.com'), `${path}/widgets.example.com`);
});
