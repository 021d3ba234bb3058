// Everything the syncer agent may do in its downstream cluster, in one place: `tmc bootstrap`
// writes these rules into the syncer's ClusterRole, and the syncer checks exactly these at
// start (SelfSubjectAccessReview), so the two cannot drift apart. Named verbs and resources
// only: no wildcards, nothing the agent does not use.
//
// Roles and RoleBindings: Kubernetes lets a subject create a Role only with permissions it
// holds itself, and bind a role only when it holds that role's permissions, unless it has the
// `escalate` and `bind` verbs. Those two would let the agent grant anything in any namespace,
// so it does not get them: a placed Role may grant what the syncer holds (the kinds below), and
// a RoleBinding may bind such a Role. Binding a broader role (say the `view` ClusterRole) is
// refused downstream and shows as that RoleBinding's Error, until a cluster admin grants the
// syncer `bind` on that one role by name (resourceNames), which this list never does.
//
// Custom resources: their resources are not known when the role is written, so a custom API
// group is granted whole, and only when asked for (`tmc bootstrap --custom-group example.com`):
// the one wildcard, never on a built-in group. The start-up check leaves those out.
import { isDns1123Subdomain } from '../../lib/validation.js';
import { groupOf, SYNCED_KINDS } from '../../schemas/apply-order.js';

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

/** The placed objects: server-side apply (patch), drift watch, status read, prune. */
const SYNCED_VERBS = ['get', 'list', 'watch', 'create', 'patch', 'update', 'delete'];

function syncedKindRules(): PolicyRule[] {
  const byGroup = new Map<string, string[]>();
  for (const kind of SYNCED_KINDS) {
    const group = groupOf(kind.apiVersion);
    byGroup.set(group, [...(byGroup.get(group) ?? []), kind.resource]);
  }
  return [...byGroup].map(([group, resources]) => ({ apiGroups: [group], resources, verbs: [...SYNCED_VERBS] }));
}

export const SYNCER_RULES: readonly PolicyRule[] = [
  ...syncedKindRules(),
  // A placed object's namespace is created when the cluster does not have it yet, and given the
  // labels and annotations of its Namespace in the control plane (server-side apply: patch).
  { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'create', 'patch'] },
  // Summed node capacity and allocatable go into the heartbeat.
  { apiGroups: [''], resources: ['nodes'], verbs: ['list'] },
  // Pods are counted for the heartbeat's freePods (allocatable pods less those running) and read,
  // with their logs and events, through the reverse tunnel (`tmc logs`, the synctargets/{name}/proxy).
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
  { apiGroups: [''], resources: ['events'], verbs: ['list', 'watch'] },
  { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['list', 'watch'] },
  // The start-up permission check itself.
  {
    apiGroups: ['authorization.k8s.io'],
    resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
    verbs: ['create'],
  },
];

/**
 * `tmc exec` through the tunnel: a WebSocket exec is a GET that kube-apiserver authorizes as `get`
 * and, since 1.30's websocket-upgrade check, also as `create` pods/exec. Granted unless `tmc
 * bootstrap --no-exec`, and left out of the start-up check, so a cluster whose admin withholds it
 * still runs its agent (an exec there is refused with the API server's own 403).
 */
export const EXEC_RULE: PolicyRule = { apiGroups: [''], resources: ['pods/exec'], verbs: ['get', 'create'] };

// The groups kube-apiserver serves itself (the ones without a dot aside: apps, batch, policy...).
// Not every *.k8s.io group: gateway.networking.k8s.io and snapshot.storage.k8s.io are custom resources.
const BUILT_IN_GROUPS = new Set(
  [
    'admissionregistration',
    'apiextensions',
    'apiregistration',
    'authentication',
    'authorization',
    'certificates',
    'coordination',
    'discovery',
    'events',
    'flowcontrol.apiserver',
    'internal.apiserver',
    'networking',
    'node',
    'rbac.authorization',
    'resource',
    'scheduling',
    'storage',
    'storagemigration',
  ].map((name) => `${name}.k8s.io`),
);

/** A group of custom resources: a DNS subdomain with a dot that Kubernetes does not serve itself. */
export const isCustomGroup = (group: string): boolean =>
  isDns1123Subdomain(group) && group.includes('.') && !BUILT_IN_GROUPS.has(group);

/** Why `group` cannot be granted as a custom group, or undefined when it can. */
export function customGroupProblem(group: string): string | undefined {
  if (BUILT_IN_GROUPS.has(group) || (isDns1123Subdomain(group) && !group.includes('.'))) {
    return `"${group}" is a built-in API group: the syncer is granted the kinds it syncs there by name, never all`;
  }
  if (!isCustomGroup(group))
    return `"${group}" is not an API group: it must be a DNS subdomain with a dot, like example.com`;
  return undefined;
}

/** Every resource of a custom group, with the verbs of the synced kinds. */
export const customGroupRule = (group: string): PolicyRule => ({
  apiGroups: [group],
  resources: ['*'],
  verbs: [...SYNCED_VERBS],
});

export interface ResourceAccess {
  group: string;
  resource: string;
  verb: string;
}

/** The rules as single (group, resource, verb) checks, the shape a SelfSubjectAccessReview asks about. */
export function syncerAccessChecks(rules: readonly PolicyRule[] = SYNCER_RULES): ResourceAccess[] {
  return rules.flatMap((rule) =>
    rule.apiGroups.flatMap((group) =>
      rule.resources.flatMap((resource) => rule.verbs.map((verb) => ({ group, resource, verb }))),
    ),
  );
}

/**
 * The fix to name when RBAC refused the syncer something in `group` (a 403 whose message names
 * the group): a custom group is granted only when `tmc bootstrap` was given it.
 */
export function grantHint(statusCode: number | undefined, message: string, group: string): string | undefined {
  const byRbac = statusCode === 403 && message.includes(`in API group "${group}"`);
  return byRbac && isCustomGroup(group)
    ? `grant the syncer this group: tmc bootstrap --custom-group ${group}`
    : undefined;
}
