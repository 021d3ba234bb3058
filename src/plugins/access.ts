// Users and RBAC on this replica: the verifier of user tokens (which also issues them) and the
// RBAC authorizer over the shared informers. auth reads both; access-routes serves the kinds.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Authorizer, type RbacObjects } from '../access/rbac.js';
import { UserTokens } from '../access/user-tokens.js';
import type { SharedInformers } from '../runtime/shared-informers.js';

declare module 'fastify' {
  interface FastifyInstance {
    userTokens: UserTokens;
    authorizer: Authorizer;
  }
}

/** The RBAC objects as the informers hold them (keys: "name", or "namespace/name"). */
export function informerObjects(informers: SharedInformers): RbacObjects {
  const inNamespace = function* (kind: string, namespace: string) {
    for (const object of informers.informer(kind).list()) if (object.metadata.namespace === namespace) yield object;
  };
  return {
    clusterRole: (name) => informers.informer('ClusterRole').get(name),
    clusterRoleBindings: () => informers.informer('ClusterRoleBinding').list(),
    role: (namespace, name) => informers.informer('Role').get(`${namespace}/${name}`),
    roleBindings: (namespace) => inNamespace('RoleBinding', namespace),
    allRoleBindings: () => informers.informer('RoleBinding').list(),
  };
}

async function access(app: FastifyInstance): Promise<void> {
  const { store, informers } = app;
  const userTokens = new UserTokens(store, app.config.tokenGraceMs);
  // A deleted User's tokens already match no incarnation; this drops their hashes too.
  informers.informer('User').addHandler((change, _previous, initial) => {
    if (initial || change.type !== 'DELETED') return;
    store.forgetSyncTarget(change.object.metadata.uid ?? '').catch((error: unknown) => {
      const user = change.object.metadata.name;
      app.log.error({ err: error, user }, 'could not delete the token hashes of a deleted User');
    });
  });
  app.decorate('userTokens', userTokens);
  const authorizer = new Authorizer(informerObjects(informers));
  // Lists and watches keep what a caller may see until RBAC changes (access/visibility.ts).
  for (const kind of ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding']) {
    informers.informer(kind).addHandler(() => authorizer.changed());
  }
  app.decorate('authorizer', authorizer);
}

export default fp(access, { name: 'access', dependencies: ['store', 'informers'] });
