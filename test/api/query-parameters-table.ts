import { CARRIED_KINDS } from '../../src/schemas/kinds.js';

export const LIST = [
  'allowWatchBookmarks',
  'continue',
  'fieldSelector',
  'includeObject',
  'labelSelector',
  'limit',
  'resourceVersion',
  'resourceVersionMatch',
  'sendInitialEvents',
  'timeoutSeconds',
  'watch',
];
export const WRITE = ['dryRun', 'fieldManager', 'fieldValidation'];
export const PATCH = [...WRITE, 'force'];
export const DELETE = ['dryRun', 'gracePeriodSeconds', 'orphanDependents', 'propagationPolicy'];
export const DELETE_COLLECTION = [...DELETE, 'fieldSelector', 'labelSelector'].sort();
export const ST = '/apis/workload.kcp.io/v1alpha1/synctargets';
export const DEPLOY = '/apis/apps/v1/namespaces/{namespace}/deployments';
export const PLACE = '/apis/scheduling.kcp.io/v1alpha1/namespaces/{namespace}/placements';
export const OVR = '/apis/scheduling.kcp.io/v1alpha1/namespaces/{namespace}/overrides';
export const override = (name: string) => ({
  apiVersion: 'scheduling.kcp.io/v1alpha1',
  kind: 'Override',
  metadata: { name },
  spec: {
    resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment' }],
    targetSelector: {},
    changes: [{ replicas: 1 }],
  },
});

/** What each route takes, by method and OpenAPI path. */
export const TAKES: Record<string, string[]> = {
  'GET /healthz': [],
  'GET /livez': [],
  'GET /readyz': [],
  'GET /metrics': [],
  'GET /version': [],
  'GET /api': [],
  'GET /apis': [],
  'GET /apis/{group}': [],
  'GET /apis/{group}/{version}': [],
  'GET /api/{version}': [],
  'GET /openapi/v3/api/{version}': ['hash'],
  'GET /openapi/v3': [],
  'GET /openapi/v3/apis/{group}/{version}': ['hash'],
  'GET /openapi/v2': [],
  [`GET ${ST}`]: LIST,
  [`POST ${ST}`]: WRITE,
  [`DELETE ${ST}`]: DELETE_COLLECTION,
  [`GET ${ST}/{name}`]: [],
  [`PUT ${ST}/{name}`]: WRITE,
  [`PATCH ${ST}/{name}`]: PATCH,
  [`DELETE ${ST}/{name}`]: DELETE,
  [`GET ${ST}/{name}/status`]: [],
  [`PUT ${ST}/{name}/status`]: WRITE,
  [`PATCH ${ST}/{name}/status`]: WRITE,
  [`GET ${DEPLOY}`]: LIST,
  [`POST ${DEPLOY}`]: WRITE,
  [`DELETE ${DEPLOY}`]: DELETE_COLLECTION,
  'GET /apis/apps/v1/deployments': LIST,
  [`GET ${DEPLOY}/{name}`]: [],
  [`PUT ${DEPLOY}/{name}`]: WRITE,
  [`PATCH ${DEPLOY}/{name}`]: PATCH,
  [`DELETE ${DEPLOY}/{name}`]: DELETE,
  [`GET ${DEPLOY}/{name}/status`]: [],
  [`PUT ${DEPLOY}/{name}/status`]: WRITE,
  [`PATCH ${DEPLOY}/{name}/status`]: WRITE,
  [`GET ${DEPLOY}/{name}/scale`]: [],
  [`PUT ${DEPLOY}/{name}/scale`]: WRITE,
  [`PATCH ${DEPLOY}/{name}/scale`]: WRITE,
  [`GET ${PLACE}`]: LIST,
  [`POST ${PLACE}`]: WRITE,
  [`DELETE ${PLACE}`]: DELETE_COLLECTION,
  'GET /apis/scheduling.kcp.io/v1alpha1/placements': LIST,
  [`GET ${PLACE}/{name}`]: [],
  [`PUT ${PLACE}/{name}`]: WRITE,
  [`PATCH ${PLACE}/{name}`]: PATCH,
  [`DELETE ${PLACE}/{name}`]: DELETE,
  [`GET ${PLACE}/{name}/status`]: [],
  [`PUT ${PLACE}/{name}/status`]: WRITE,
  [`PATCH ${PLACE}/{name}/status`]: WRITE,
  [`GET ${OVR}`]: LIST,
  [`POST ${OVR}`]: WRITE,
  [`DELETE ${OVR}`]: DELETE_COLLECTION,
  'GET /apis/scheduling.kcp.io/v1alpha1/overrides': LIST,
  [`GET ${OVR}/{name}`]: [],
  [`PUT ${OVR}/{name}`]: WRITE,
  [`PATCH ${OVR}/{name}`]: PATCH,
  [`DELETE ${OVR}/{name}`]: DELETE,
  [`GET ${ST}/{name}/deployments`]: ['resourceVersion', 'timeoutSeconds'],
  [`GET ${ST}/{name}/objects`]: ['resourceVersion', 'timeoutSeconds'],
  [`PUT ${ST}/{name}/deployments/{namespace}/{deployment}/status`]: [],
  // The agents' status reports of every other kind, named as the agent names them (plural.group).
  ...Object.fromEntries(
    CARRIED_KINDS.map((k) => [
      `PUT ${ST}/{name}/${k.plural}${k.group ? `.${k.group}` : ''}/{namespace}/{object}/status`,
      [],
    ]),
  ),
  // ...and of custom resources, whose resource finds the kind among the definitions served.
  [`PUT ${ST}/{name}/{resource}/{namespace}/{object}/status`]: [],
  [`GET ${ST}/{name}/tokens`]: [],
  [`POST ${ST}/{name}/tokens`]: [],
  [`GET ${ST}/{name}/proxy/{*}`]: [
    'allowWatchBookmarks',
    'container',
    'continue',
    'fieldSelector',
    'follow',
    'labelSelector',
    'limit',
    'limitBytes',
    'previous',
    'resourceVersion',
    'resourceVersionMatch',
    'sinceSeconds',
    'sinceTime',
    'tailLines',
    'timeoutSeconds',
    'timestamps',
    'watch',
  ],
  // An exec's own parameters; the route takes a WebSocket upgrade (a plain GET is a 400).
  [`GET ${ST}/{name}/proxy/api/v1/namespaces/{podNamespace}/pods/{pod}/exec`]: [
    'command',
    'container',
    'stderr',
    'stdin',
    'stdout',
    'tty',
  ],
  [`POST ${ST}/{name}/heartbeat`]: [],
  // The control plane's access kinds (Users, ClusterRoles, ClusterRoleBindings), cluster-scoped.
  ...Object.fromEntries(
    [
      '/apis/tmc.kcp.io/v1alpha1/users',
      '/apis/rbac.authorization.k8s.io/v1/clusterroles',
      '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      // The parametric routes of custom resources, namespaced and cluster-scoped.
      '/apis/{group}/{version}/namespaces/{namespace}/{resource}',
      '/apis/{group}/{version}/{resource}',
    ].flatMap((c) => [
      [`GET ${c}`, LIST],
      [`POST ${c}`, WRITE],
      [`DELETE ${c}`, DELETE_COLLECTION],
      [`GET ${c}/{name}`, []],
      [`PUT ${c}/{name}`, WRITE],
      [`PATCH ${c}/{name}`, PATCH],
      [`DELETE ${c}/{name}`, DELETE],
    ]),
  ),
  ...Object.fromEntries(
    ['/apis/{group}/{version}/namespaces/{namespace}/{resource}', '/apis/{group}/{version}/{resource}'].flatMap((c) => [
      [`GET ${c}/{name}/status`, []],
      [`PUT ${c}/{name}/status`, WRITE],
      [`PATCH ${c}/{name}/status`, WRITE],
    ]),
  ),
  'POST /apis/tmc.kcp.io/v1alpha1/users/{name}/tokens': [],
  'DELETE /apis/tmc.kcp.io/v1alpha1/users/{name}/tokens': [],
  'POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews': [],
  'POST /apis/authorization.k8s.io/v1/selfsubjectrulesreviews': [],
  'POST /apis/authentication.k8s.io/v1/selfsubjectreviews': [],
};

/** Parameters Kubernetes clients send, with values a route that took them would accept. */
export const KUBERNETES_PARAMETERS: Record<string, string> = {
  pretty: 'true',
  fieldSelector: 'metadata.name=edge-1',
  watch: 'true',
  resourceVersion: '0',
  resourceVersionMatch: 'NotOlderThan',
  timeoutSeconds: '5',
  fieldManager: 'kubectl-client-side-apply',
  fieldValidation: 'Strict',
  dryRun: 'All',
  gracePeriodSeconds: '0',
  propagationPolicy: 'Foreground',
  labelSelector: 'env=prod',
  limit: '1',
  continue: 'x',
};
