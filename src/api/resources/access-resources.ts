// The resource definitions of the control plane's access kinds: Users (tmc.kcp.io) and the
// cluster-scoped RBAC kinds. The generic routes serve them, so kubectl and tmc get, apply and
// delete them as any kind; they are never placed or carried to clusters.
import * as access from '../../schemas/access.js';
import type { ResourceDefinition } from '../http/resource-definition.js';

export const userResource: ResourceDefinition = {
  group: access.USER_GROUP,
  version: access.USER_VERSION,
  kind: 'User',
  plural: 'users',
  namespaced: false,
  schema: access.User,
  listSchema: access.UserList,
  categories: ['tmc'],
};

export const clusterRoleResource: ResourceDefinition = {
  group: access.RBAC_GROUP,
  version: 'v1',
  kind: 'ClusterRole',
  plural: 'clusterroles',
  namespaced: false,
  schema: access.ClusterRole,
  listSchema: access.ClusterRoleList,
  strategicMergePatch: true,
};

export const clusterRoleBindingResource: ResourceDefinition = {
  group: access.RBAC_GROUP,
  version: 'v1',
  kind: 'ClusterRoleBinding',
  plural: 'clusterrolebindings',
  namespaced: false,
  schema: access.ClusterRoleBinding,
  listSchema: access.ClusterRoleBindingList,
  strategicMergePatch: true,
};

export const ACCESS_RESOURCES = [userResource, clusterRoleResource, clusterRoleBindingResource];
