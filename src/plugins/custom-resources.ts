// Custom resources: the CustomResourceDefinition kind, and the kinds its objects add, served on
// every replica from the informer of definitions without a restart (src/api/custom). Registered
// after every built-in kind's routes, whose kinds a definition may not take.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { registerCustomAgentStatus } from '../api/agent/agent-status.js';
import { CustomKinds } from '../api/custom/custom-kinds.js';
import { registerCustomRoutes, resolveCustomResource } from '../api/custom/custom-routes.js';
import { patching } from '../api/patch/patching.js';
import { crdResource } from '../api/resources/crds.js';
import { registerResource } from '../api/resources/resource-routes.js';
import { CRD_KIND } from '../schemas/crd.js';

async function customResources(app: FastifyInstance): Promise<void> {
  const { store } = app;
  const { resources, openApi } = app.kubeApi;
  const kinds = new CustomKinds(store, () => openApi.forget());
  resources.serveAlso(() => kinds.served());
  // Read when a definition is written, once every built-in route is registered.
  const builtInGroup = (kind: string) => resources.servedResources().find((r) => r.def.kind === kind)?.def.group;
  const hasObjects = async (crd: { spec: { names: { kind: string } } }) =>
    (await store.list(crd.spec.names.kind, { limit: 1 })).items.length > 0;
  registerResource(
    app,
    crdResource((kind) => builtInGroup(kind) ?? kinds.groupOf(kind), hasObjects),
    store,
    patching,
  );

  const informer = app.informers.informer(CRD_KIND);
  const update = () => kinds.update(informer.list());
  informer.addHandler(update);
  update();
  registerCustomRoutes(app, store);
  registerCustomAgentStatus(app, store, (resource) => kinds.ofResource(resource));
  app.requestGate.prepend(resolveCustomResource(kinds));
}

export default fp(customResources, {
  name: 'custom-resources',
  dependencies: ['kube-api', 'informers', 'store', 'auth', 'workloads', 'access-routes', 'synctargets'],
});
