// The syncer's ClusterRole (what `tmc bootstrap` grants and the syncer checks at start): exactly
// the synced kinds and the few cluster reads it needs, no wildcards, no escalate or bind.
import t from 'tap';
import { SYNCER_RULES, syncerAccessChecks } from '../../../src/syncer/downstream/permissions.js';

t.test('exactly the synced kinds, grouped by API group', async (t) => {
  const resources = Object.fromEntries(
    SYNCER_RULES.filter((r) => r.verbs.includes('patch')).map((r) => [r.apiGroups[0], [...r.resources].sort()]),
  );
  t.same(resources, {
    '': ['configmaps', 'persistentvolumeclaims', 'secrets', 'serviceaccounts', 'services'],
    apps: ['daemonsets', 'deployments', 'statefulsets'],
    batch: ['cronjobs', 'jobs'],
    'networking.k8s.io': ['ingresses', 'networkpolicies'],
    'rbac.authorization.k8s.io': ['rolebindings', 'roles'],
    policy: ['poddisruptionbudgets'],
    autoscaling: ['horizontalpodautoscalers'],
  });
  for (const rule of SYNCER_RULES.filter((r) => r.verbs.includes('patch'))) {
    t.same(
      rule.verbs,
      ['get', 'list', 'watch', 'create', 'patch', 'update', 'delete'],
      `${rule.apiGroups[0] || 'core'} verbs`,
    );
  }
});

t.test(
  'no wildcards, no privilege escalation, nothing cluster-scoped beyond namespaces, nodes, pods and self-reviews',
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
      ['get', 'create'],
      'namespaces are never deleted',
    );
  },
);
