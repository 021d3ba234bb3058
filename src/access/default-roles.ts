// The default ClusterRoles, built in as kube-apiserver's bootstrap policy is, and derived from
// the kinds table so a new kind is covered at once. A stored ClusterRole of the same name
// replaces a default (rbac.ts). `admin`, `edit` and `view` are meant for RoleBindings in a
// team's namespace; `tmc:fleet-admin` for the people who run the clusters.
import { KINDS } from '../schemas/kinds.js';
import { AUTHENTICATION_GROUP, AUTHORIZATION_GROUP } from '../schemas/access.js';
import type { PolicyRule } from './rules.js';

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'update', 'patch', 'delete', 'deletecollection'];
const ALL = [...READ, ...WRITE];

const namespaced = KINDS.filter((k) => k.namespaced);
const groupsOf = (kinds: typeof KINDS) => [...new Set(kinds.map((k) => k.group))];
/** Each kind with the subresources tmc serves for it: readers see status, writers scale too. */
const resourcesOf = (kinds: typeof KINDS) =>
  kinds.flatMap((k) => [k.plural, `${k.plural}/status`, `${k.plural}/scale`]);

const RBAC_PLURALS = ['roles', 'rolebindings'];
// A namespace's bounds, set by those who run the platform: as in Kubernetes, `admin`, `edit` and
// `view` read them and none writes them, so a team cannot raise its own quota.
const BOUNDS_PLURALS = ['resourcequotas', 'limitranges'];
const workloadKinds = namespaced.filter((k) => ![...RBAC_PLURALS, ...BOUNDS_PLURALS].includes(k.plural));
const boundKinds = namespaced.filter((k) => BOUNDS_PLURALS.includes(k.plural));
// As in Kubernetes, `view` does not read Secrets: their data would let a viewer act as someone else.
const viewedKinds = [...workloadKinds.filter((k) => k.plural !== 'secrets'), ...boundKinds];

// As kube-apiserver's roles: reading a namespace comes with any of them. Bound in a namespace,
// they read that namespace alone (a namespace's own path counts as inside it, api/http/authorize.ts).
const namespaces: PolicyRule = { verbs: READ, apiGroups: [''], resources: ['namespaces', 'namespaces/status'] };
const view: PolicyRule[] = [
  { verbs: READ, apiGroups: groupsOf(viewedKinds), resources: resourcesOf(viewedKinds) },
  namespaces,
];
const edit: PolicyRule[] = [
  { verbs: ALL, apiGroups: groupsOf(workloadKinds), resources: resourcesOf(workloadKinds) },
  { verbs: READ, apiGroups: groupsOf(boundKinds), resources: resourcesOf(boundKinds) },
  namespaces,
];
const admin: PolicyRule[] = [
  ...edit,
  { verbs: ALL, apiGroups: ['rbac.authorization.k8s.io'], resources: RBAC_PLURALS },
];
const fleetAdmin: PolicyRule[] = [
  {
    verbs: ALL,
    apiGroups: ['workload.kcp.io'],
    resources: ['synctargets', 'synctargets/status', 'synctargets/tokens', 'synctargets/proxy'],
  },
  ...view,
];

export const DEFAULT_CLUSTER_ROLES: Readonly<Record<string, PolicyRule[]>> = {
  'cluster-admin': [
    { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
    { verbs: ['*'], nonResourceURLs: ['*'] },
  ],
  admin,
  edit,
  view,
  'tmc:fleet-admin': fleetAdmin,
};

/**
 * What every user may do, as kube-apiserver's system:basic-user and system:discovery grant to
 * system:authenticated: read discovery and the OpenAPI documents, and ask what it may do.
 */
export const EVERY_USER_RULES: readonly PolicyRule[] = [
  {
    verbs: ['create'],
    apiGroups: [AUTHORIZATION_GROUP],
    resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
  },
  { verbs: ['create'], apiGroups: [AUTHENTICATION_GROUP], resources: ['selfsubjectreviews'] },
  { verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/openapi/*', '/version'] },
];
