// Everything the syncer agent may do in its downstream cluster, in one place: `tmc bootstrap`
// writes these rules into the syncer's ClusterRole, and the syncer checks exactly these at
// start (SelfSubjectAccessReview), so the two cannot drift apart. Named verbs and resources
// only: no wildcards, nothing the agent does not use.

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

export const SYNCER_RULES: readonly PolicyRule[] = [
  // The placed Deployments: server-side apply (patch), drift watch, status read, prune.
  { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'update', 'delete'] },
  // A placed Deployment's namespace is created when the cluster does not have it yet.
  { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'create'] },
  // Summed node capacity and allocatable go into the heartbeat.
  { apiGroups: [''], resources: ['nodes'], verbs: ['list'] },
  // The start-up permission check itself.
  { apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], verbs: ['create'] },
];

export interface ResourceAccess {
  group: string;
  resource: string;
  verb: string;
}

/** The rules as single (group, resource, verb) checks, the shape a SelfSubjectAccessReview asks about. */
export function syncerAccessChecks(rules: readonly PolicyRule[] = SYNCER_RULES): ResourceAccess[] {
  return rules.flatMap((rule) =>
    rule.apiGroups.flatMap((group) => rule.resources.flatMap((resource) => rule.verbs.map((verb) => ({ group, resource, verb })))),
  );
}
