// The syncer's ClusterRole (what `tmc bootstrap` grants and the syncer checks at start): exactly
// the synced kinds and the few cluster reads it needs, no wildcards, no escalate or bind; a
// custom group is granted whole only when asked for, never a built-in one.
import t from 'tap';
import {
  customGroupProblem,
  grantHint,
  customGroupRule,
  isCustomGroup,
  SYNCER_RULES,
  syncerAccessChecks,
} from '../../../src/syncer/downstream/permissions.js';

t.test('exactly the synced kinds, grouped by API group', async (t) => {
  // The rules that prune (delete): namespaces are patched for their labels, never deleted.
  const synced = SYNCER_RULES.filter((r) => r.verbs.includes('delete'));
  const resources = Object.fromEntries(synced.map((r) => [r.apiGroups[0], [...r.resources].sort()]));
  t.same(resources, {
    '': [
      'configmaps',
      'limitranges',
      'persistentvolumeclaims',
      'resourcequotas',
      'secrets',
      'serviceaccounts',
      'services',
    ],
    apps: ['daemonsets', 'deployments', 'statefulsets'],
    batch: ['cronjobs', 'jobs'],
    'networking.k8s.io': ['ingresses', 'networkpolicies'],
    'rbac.authorization.k8s.io': ['rolebindings', 'roles'],
    policy: ['poddisruptionbudgets'],
    autoscaling: ['horizontalpodautoscalers'],
    'apiextensions.k8s.io': ['customresourcedefinitions'],
  });
  for (const rule of synced) {
    t.same(
      rule.verbs,
      ['get', 'list', 'watch', 'create', 'patch', 'update', 'delete'],
      `${rule.apiGroups[0] || 'core'} verbs`,
    );
  }
});

t.test(
  'no wildcards, no privilege escalation, nothing cluster-scoped beyond namespaces, nodes, definitions and reviews',
  async (t) => {
    t.notMatch(JSON.stringify(SYNCER_RULES), /\*/);
    const checks = syncerAccessChecks();
    t.notOk(checks.some((c) => ['escalate', 'bind', 'impersonate'].includes(c.verb)));
    t.notOk(
      checks.some((c) => ['clusterroles', 'clusterrolebindings', 'nodes/proxy', 'pods/exec'].includes(c.resource)),
    );
    // Pods, their logs and events are read for the tunnel's proxy, never written.
    const readOnly = checks.filter((c) => ['pods', 'pods/log', 'events'].includes(c.resource));
    t.ok(readOnly.length > 0 && readOnly.every((c) => ['get', 'list', 'watch'].includes(c.verb)), 'pods read only');
    t.same(
      checks.filter((c) => c.resource === 'namespaces').map((c) => c.verb),
      ['get', 'create', 'patch'],
      'namespaces are never deleted (patch: their labels and annotations, by server-side apply)',
    );
  },
);

t.test('the definitions of custom resources: every verb the synced kinds have, and checked at start', async (t) => {
  const checks = syncerAccessChecks().filter((c) => c.resource === 'customresourcedefinitions');
  t.same(
    checks.map((c) => `${c.group} ${c.verb}`),
    ['get', 'list', 'watch', 'create', 'patch', 'update', 'delete'].map((verb) => `apiextensions.k8s.io ${verb}`),
  );
});

t.test('a custom group is a DNS subdomain with a dot that Kubernetes does not serve itself', async (t) => {
  for (const group of ['example.com', 'shop-1.example.com', 'gateway.networking.k8s.io', 'cluster.x-k8s.io']) {
    t.ok(isCustomGroup(group), group);
    t.equal(customGroupProblem(group), undefined, group);
  }
  for (const group of ['apps', 'batch', 'rbac.authorization.k8s.io', 'apiextensions.k8s.io', 'networking.k8s.io']) {
    t.notOk(isCustomGroup(group), group);
    t.match(customGroupProblem(group), /is a built-in API group/, group);
  }
  for (const group of ['', 'Example.com', 'example.com.', '*', 'example.com/v1', '-a.example.com']) {
    t.notOk(isCustomGroup(group), group);
    t.match(customGroupProblem(group), /is not an API group: it must be a DNS subdomain with a dot/, group);
  }
  t.same(customGroupRule('example.com'), {
    apiGroups: ['example.com'],
    resources: ['*'],
    verbs: ['get', 'list', 'watch', 'create', 'patch', 'update', 'delete'],
  });
});

t.test('a refusal by RBAC in a custom group names the bootstrap flag; other refusals do not', async (t) => {
  const rbac = (group: string) =>
    `widgets.example.com is forbidden: User "syncer" cannot list resource "widgets" in API group "${group}" at the cluster scope`;
  t.equal(
    grantHint(403, rbac('example.com'), 'example.com'),
    'grant the syncer this group: tmc bootstrap --custom-group example.com',
  );
  t.equal(grantHint(403, rbac('apps'), 'apps'), undefined, 'a built-in group is granted by name, never whole');
  t.equal(grantHint(403, 'denied by the admission webhook', 'example.com'), undefined, 'not RBAC');
  t.equal(grantHint(500, rbac('example.com'), 'example.com'), undefined, 'not a refusal');
});
