// One RBAC rule against one request, as kube-apiserver matches them (rbac.ts gathers the rules).
export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** What a request does, as RBAC sees it: a resource request, or one for a path (nonResourceURLs). */
export type Attributes =
  | {
      verb: string;
      namespace: string;
      apiGroup: string;
      resource: string;
      subresource: string;
      name: string;
      path?: undefined;
    }
  | { verb: string; path: string };

const has = (list: string[] | undefined, value: string): boolean =>
  !!list && (list.includes('*') || list.includes(value));

function resourceMatches(rule: PolicyRule, resource: string, subresource: string): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  return (rule.resources ?? []).some((r) => r === '*' || r === combined || (!!subresource && r === `*/${subresource}`));
}

const pathMatches = (patterns: string[] | undefined, path: string): boolean =>
  (patterns ?? []).some((p) => p === '*' || p === path || (p.endsWith('*') && path.startsWith(p.slice(0, -1))));

export function ruleAllows(rule: PolicyRule, attributes: Attributes): boolean {
  if (!has(rule.verbs, attributes.verb)) return false;
  if (attributes.path !== undefined) return pathMatches(rule.nonResourceURLs, attributes.path);
  if (!has(rule.apiGroups, attributes.apiGroup)) return false;
  if (!resourceMatches(rule, attributes.resource, attributes.subresource)) return false;
  return !rule.resourceNames?.length || rule.resourceNames.includes(attributes.name);
}
