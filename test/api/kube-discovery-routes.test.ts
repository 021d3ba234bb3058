// Discovery is built from the routes registered: a kind's verbs and subresources are those its
// routes serve, in both the plain and the aggregated form.
import Fastify from 'fastify';
import t from 'tap';
import { Type } from 'typebox';
import { ApiResources } from '../../src/api/discovery/api-resources.js';
import { AGGREGATED_DISCOVERY, registerDiscovery } from '../../src/api/discovery/discovery.js';
import type { ResourceDefinition } from '../../src/api/http/resource-definition.js';

t.test('verbs and subresources follow the routes that are registered', async (t) => {
  const app = Fastify();
  t.teardown(() => app.close());
  const resources = new ApiResources(app);
  registerDiscovery(app, resources, '1.2.3');
  const def: ResourceDefinition = {
    group: 'example.com',
    version: 'v1',
    kind: 'Widget',
    plural: 'widgets',
    namespaced: true,
    schema: Type.Object({}),
    listSchema: Type.Object({}),
    shortNames: ['wd'],
  };
  const config = { resource: def };
  const ok = async () => ({});
  app.get('/apis/example.com/v1/namespaces/:namespace/widgets', { config }, ok);
  app.get('/apis/example.com/v1/widgets', { config }, ok);
  app.get('/apis/example.com/v1/namespaces/:namespace/widgets/:name', { config }, ok);
  app.put('/apis/example.com/v1/namespaces/:namespace/widgets/:name/status', { config }, ok);
  app.get('/apis/example.com/v1/namespaces/:namespace/widgets/:name/status', { config }, ok);
  app.get('/apis/example.com/v1/unrelated', ok);
  const list = await app.inject({ method: 'GET', url: '/apis/example.com/v1' });
  t.same(list.json().resources, [
    {
      name: 'widgets',
      singularName: 'widget',
      namespaced: true,
      kind: 'Widget',
      verbs: ['get', 'list'],
      shortNames: ['wd'],
    },
    { name: 'widgets/status', singularName: '', namespaced: true, kind: 'Widget', verbs: ['get', 'update'] },
  ]);
  const aggregated = await app.inject({ method: 'GET', url: '/apis', headers: { accept: AGGREGATED_DISCOVERY } });
  t.same(aggregated.json().items[0].versions[0].resources[0].subresources, [
    {
      subresource: 'status',
      responseKind: { group: 'example.com', version: 'v1', kind: 'Widget' },
      verbs: ['get', 'update'],
    },
  ]);
});
