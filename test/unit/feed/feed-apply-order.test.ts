// One apply-order table for the syncer and the server's feed: every kind the feed carries has
// its rank there, with the apiVersion and resource of the kinds table (a custom resource's
// definition, which the feed carries along, first of all), and a feed item is the object as the
// user gave it minus status and the server's bookkeeping.
import t from 'tap';
import { FEED_KINDS } from '../../../src/feed/feed-item.js';
import { feedItemOf } from '../../../src/feed/feed-item.js';
import { APPLY_ORDER, DEFINITION_KIND, SYNCED_KINDS, groupKind, rankOf } from '../../../src/schemas/apply-order.js';
import { kindEntry } from '../../../src/schemas/kinds.js';

t.test('every kind the feed carries is in the apply order, as the kinds table names it', async (t) => {
  const [definition, ...placed] = SYNCED_KINDS;
  t.equal(groupKind(definition!.apiVersion, definition!.kind), DEFINITION_KIND, 'definitions come first');
  t.equal(rankOf(DEFINITION_KIND), 0);
  t.same(new Set(placed.map((k) => k.kind)), new Set(FEED_KINDS), 'then the same kinds, each once');
  t.equal(placed.length, FEED_KINDS.length);
  for (const synced of placed) {
    const entry = kindEntry(synced.kind)!;
    const apiVersion = entry.group ? `${entry.group}/${entry.version}` : entry.version;
    t.equal(synced.apiVersion, apiVersion, `${synced.kind} apiVersion`);
    t.equal(synced.resource, entry.plural, `${synced.kind} resource`);
    t.ok(rankOf(groupKind(synced.apiVersion, synced.kind)) < APPLY_ORDER.length, `${synced.kind} has a rank`);
  }
});

t.test('the ranks: what others need first, workloads, then what points at them', async (t) => {
  const rank = (kind: string) => {
    const k = SYNCED_KINDS.find((s) => s.kind === kind)!;
    return rankOf(groupKind(k.apiVersion, k.kind));
  };
  const before = (a: string, b: string) => t.ok(rank(a) < rank(b), `${a} before ${b}`);
  before('ServiceAccount', 'ConfigMap');
  before('ConfigMap', 'Secret');
  before('Secret', 'PersistentVolumeClaim');
  before('PersistentVolumeClaim', 'Service');
  before('Service', 'Role');
  before('Role', 'RoleBinding');
  for (const workload of ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']) {
    before('RoleBinding', workload);
    for (const last of ['Ingress', 'HorizontalPodAutoscaler', 'PodDisruptionBudget']) before(workload, last);
  }
});

t.test('a feed item keeps every field of the kind but status and the server bookkeeping', async (t) => {
  const item = feedItemOf({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: {
      name: 'read',
      namespace: 'shop',
      uid: 'u-1',
      resourceVersion: '7',
      generation: 1,
      labels: { app: 'shop' },
      creationTimestamp: '2026-01-01T00:00:00Z',
      managedFields: [{ manager: 'kubectl' }],
    },
    subjects: [{ kind: 'ServiceAccount', name: 'web' }],
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'read' },
    status: { syncTargets: [{ name: 'a', state: 'Pending', lastUpdateTime: '2026-01-01T00:00:00Z' }] },
  } as never);
  t.same(item, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'read', namespace: 'shop', labels: { app: 'shop' }, generation: 1 },
    subjects: [{ kind: 'ServiceAccount', name: 'web' }],
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'read' },
  });
});
