// Kubernetes RBAC as kube-apiserver evaluates it, over the control plane's own objects: every
// ClusterRoleBinding, and the RoleBindings of the request's namespace, whose User or Group
// subjects name the caller. ServiceAccount subjects never match: tmc has no service accounts of
// its own (those bindings are for workloads downstream). Deny by default; no rule denies.
import type { KubeObject } from '../schemas/meta.js';
import type { UserPrincipal } from '../schemas/principal.js';
import { DEFAULT_CLUSTER_ROLES, EVERY_USER_RULES } from './default-roles.js';
import { type Attributes, type PolicyRule, ruleAllows } from './rules.js';

export type { Attributes, PolicyRule } from './rules.js';

/** The RBAC objects to judge by; backed by the shared informers. */
export interface RbacObjects {
  clusterRole(name: string): KubeObject | undefined;
  clusterRoleBindings(): Iterable<KubeObject>;
  role(namespace: string, name: string): KubeObject | undefined;
  roleBindings(namespace: string): Iterable<KubeObject>;
  /** The RoleBindings of every namespace. */
  allRoleBindings(): Iterable<KubeObject>;
}

const subjectsOf = (binding: KubeObject) => (binding.subjects ?? []) as { kind?: string; name?: string }[];

function bindsTo(binding: KubeObject, user: UserPrincipal): boolean {
  return subjectsOf(binding).some(
    (s) => (s.kind === 'User' && s.name === user.name) || (s.kind === 'Group' && user.groups.includes(s.name ?? '')),
  );
}

const rulesOfObject = (role: KubeObject | undefined): PolicyRule[] => (role?.rules ?? []) as PolicyRule[];

export class Authorizer {
  /** Counts the RBAC changes seen, so what was worked out from the objects can tell it is stale. */
  generation = 0;

  constructor(private readonly objects: RbacObjects) {}

  /** Called on every change of an RBAC object. */
  changed(): void {
    this.generation++;
  }

  /** A stored ClusterRole, else the built-in default of that name. */
  clusterRoleRules(name: string): PolicyRule[] {
    const stored = this.objects.clusterRole(name);
    return stored ? rulesOfObject(stored) : (DEFAULT_CLUSTER_ROLES[name] ?? []);
  }

  /** Every rule that applies to the user in `namespace` ('' : cluster-wide rules only). */
  *rulesFor(user: UserPrincipal, namespace: string): Generator<PolicyRule> {
    yield* EVERY_USER_RULES;
    for (const binding of this.objects.clusterRoleBindings()) {
      const ref = binding.roleRef as { kind?: string; name?: string } | undefined;
      if (ref?.kind === 'ClusterRole' && bindsTo(binding, user)) yield* this.clusterRoleRules(ref.name ?? '');
    }
    if (namespace) yield* this.namespaceRulesFor(user, namespace);
  }

  /** The rules the RoleBindings of `namespace` grant the user (without the cluster-wide ones). */
  *namespaceRulesFor(user: UserPrincipal, namespace: string): Generator<PolicyRule> {
    for (const binding of this.objects.roleBindings(namespace)) {
      if (!bindsTo(binding, user)) continue;
      const ref = binding.roleRef as { kind?: string; name?: string } | undefined;
      if (ref?.kind === 'ClusterRole') yield* this.clusterRoleRules(ref.name ?? '');
      else if (ref?.kind === 'Role') yield* rulesOfObject(this.objects.role(namespace, ref.name ?? ''));
    }
  }

  /** The namespaces where some RoleBinding names the user. */
  boundNamespaces(user: UserPrincipal): Set<string> {
    const namespaces = new Set<string>();
    for (const binding of this.objects.allRoleBindings()) {
      if (bindsTo(binding, user)) namespaces.add(binding.metadata.namespace ?? '');
    }
    return namespaces;
  }

  allows(user: UserPrincipal, attributes: Attributes): boolean {
    const namespace = attributes.path === undefined ? attributes.namespace : '';
    for (const rule of this.rulesFor(user, namespace)) if (ruleAllows(rule, attributes)) return true;
    return false;
  }
}

/** kube-apiserver's words for a denial: `User "alice" cannot list resource "deployments" in API group "apps" ...`. */
export function denialMessage(user: string, a: Attributes): string {
  if (a.path !== undefined) return `forbidden: User "${user}" cannot ${a.verb} path "${a.path}"`;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const qualified = a.apiGroup ? `${resource}.${a.apiGroup}` : resource;
  const subject = a.name ? `${qualified} "${a.name}"` : qualified;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  const what = `resource "${resource}" in API group "${a.apiGroup}"`;
  return `${subject} is forbidden: User "${user}" cannot ${a.verb} ${what} ${scope}`;
}
