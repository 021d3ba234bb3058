// What a list or watch may show when RBAC does not grant the whole collection: kube-apiserver
// turns such a request away, tmc answers the objects the caller may see instead. A namespaced
// kind listed in all namespaces shows the namespaces where a RoleBinding grants the verb; rules
// with resourceNames show those names (kube-apiserver grants those only to a list with
// fieldSelector metadata.name=…). Worked out once per request and again after an RBAC change
// (a watch outlives its bindings), never per object.
import type { KubeObject } from '../schemas/meta.js';
import type { UserPrincipal } from '../schemas/principal.js';
import { type Authorizer, denialMessage } from './rbac.js';
import { type Attributes, type PolicyRule, ruleAllows } from './rules.js';

type ResourceAttributes = Extract<Attributes, { path?: undefined }>;

/** Objects the caller may see: every object, or some names, per namespace and in all of them. */
export type Visible =
  | 'all'
  | {
      /** Names granted cluster-wide: seen in every namespace (and for a cluster-scoped kind). */
      names: Set<string>;
      /** Namespaces where a RoleBinding grants the verb: every object there, or some names. */
      namespaces: Map<string, 'all' | Set<string>>;
    };

/** Whether `rule` grants the request for some object, and which: 'all', some names, or none. */
function grantOf(rule: PolicyRule, attributes: ResourceAttributes): 'all' | string[] {
  if (!ruleAllows({ ...rule, resourceNames: [] }, attributes)) return [];
  return rule.resourceNames?.length ? rule.resourceNames : 'all';
}

/** What `rules` grant, merged: 'all', or the names (empty: nothing). */
function grantOfRules(rules: Iterable<PolicyRule>, attributes: ResourceAttributes): 'all' | Set<string> {
  const names = new Set<string>();
  for (const rule of rules) {
    const grant = grantOf(rule, attributes);
    if (grant === 'all') return 'all';
    for (const name of grant) names.add(name);
  }
  return names;
}

/**
 * What the caller may see of a list or watch; undefined when nothing at all, which stays a 403.
 * `attributes.namespace` '' for a namespaced kind means all namespaces.
 */
export function visibleTo(
  authorizer: Authorizer,
  user: UserPrincipal,
  attributes: ResourceAttributes,
  namespaced: boolean,
): Visible | undefined {
  const asked = { ...attributes, name: '' };
  const here = grantOfRules(authorizer.rulesFor(user, asked.namespace), asked);
  if (here === 'all') return 'all';
  const namespaces = new Map<string, 'all' | Set<string>>();
  if (namespaced && !asked.namespace) {
    for (const namespace of authorizer.boundNamespaces(user)) {
      const grant = grantOfRules(authorizer.namespaceRulesFor(user, namespace), { ...asked, namespace });
      if (grant === 'all' || grant.size > 0) namespaces.set(namespace, grant);
    }
  }
  return here.size > 0 || namespaces.size > 0 ? { names: here, namespaces } : undefined;
}

/** Whether `object` is among what `visible` shows. */
export function isVisible(visible: Visible, object: KubeObject): boolean {
  if (visible === 'all') return true;
  const name = object.metadata.name ?? '';
  if (visible.names.has(name)) return true;
  const there = visible.namespaces.get(object.metadata.namespace ?? '');
  return there === 'all' || !!there?.has(name);
}

/**
 * The visibility of one request, worked out again only when RBAC has changed since (the
 * authorizer's generation): a long watch follows the bindings as they are now.
 */
export class RequestVisibility {
  private generation: number;

  constructor(
    private readonly authorizer: Authorizer,
    private readonly user: UserPrincipal,
    private readonly attributes: ResourceAttributes,
    private readonly namespaced: boolean,
    private visible: Visible | undefined,
  ) {
    this.generation = authorizer.generation;
  }

  /** kube-apiserver's words for the request once RBAC grants it nothing. */
  get denialMessage(): string {
    return denialMessage(this.user.name, this.attributes);
  }

  /** What the caller may see now; undefined once RBAC grants it nothing any more. */
  current(): Visible | undefined {
    if (this.generation !== this.authorizer.generation) {
      this.generation = this.authorizer.generation;
      this.visible = visibleTo(this.authorizer, this.user, this.attributes, this.namespaced);
    }
    return this.visible;
  }

  /** Whether the caller may see `object` now. */
  shows(object: KubeObject): boolean {
    const visible = this.current();
    return !!visible && isVisible(visible, object);
  }
}
