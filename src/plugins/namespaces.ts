// Namespaces: their API (made explicitly or by the first object created in one) and, on the
// leader, the namespace controller, which empties a deleted namespace and then deletes it.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { namespaceResource } from '../api/resources/namespaces.js';
import { patching } from '../api/patch/patching.js';
import { registerResource } from '../api/resources/resource-routes.js';
import { registerStatus } from '../api/resources/subresource-status.js';
import { NamespaceController } from '../namespaces/namespace-controller.js';

async function namespaces(app: FastifyInstance): Promise<void> {
  registerResource(app, namespaceResource, app.store, patching);
  registerStatus(app, namespaceResource, app.store, patching.patchObject);
  const controller = new NamespaceController(app.store, app.informers, app.log.child({ component: 'namespaces' }));
  // The system namespaces are there before the app serves, as kube-apiserver's are.
  if (app.leader.isLeader()) await controller.provision();
  app.whileLeader('namespace-controller', controller);
}

export default fp(namespaces, {
  name: 'namespaces',
  dependencies: ['openapi', 'store', 'informers', 'leader', 'kube-api'],
});
