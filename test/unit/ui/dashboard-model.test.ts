// What the dashboard derives from the objects (ui/model.ts): trouble first, health and rollout.
import t from 'tap';
import {
  type Deployment,
  type SyncTarget,
  byTrouble,
  healthOf,
  placementsOf,
  readiness,
  rollout,
} from '../../../ui/model.js';

const target = (name: string, ready: 'True' | 'False' | 'Unknown' | undefined, unschedulable = false): SyncTarget => ({
  apiVersion: 'workload.kcp.io/v1alpha1',
  kind: 'SyncTarget',
  metadata: { name },
  spec: { unschedulable },
  status: ready ? { conditions: [{ type: 'Ready', status: ready }] } : {},
});

type Entry = NonNullable<NonNullable<Deployment['status']>['syncTargets']>[number];
const entry = (name: string, state: Entry['state'], updated = 0, available = 0): Entry => ({
  name,
  state,
  updatedReplicas: updated,
  availableReplicas: available,
  lastUpdateTime: '2026-01-01T00:00:00Z',
});
const deployment = (entries: Entry[], replicas = 2): Deployment =>
  ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: {} },
    status: { syncTargets: entries },
  }) as Deployment;

t.test('targets sort with trouble first: not Ready, then cordoned, then by name', async (t) => {
  const targets = [
    target('a-ok', 'True'),
    target('b-cordoned', 'True', true),
    target('c-unknown', 'Unknown'),
    target('d-never', undefined),
    target('e-false', 'False'),
  ];
  t.same(
    targets.sort(byTrouble).map((x) => x.metadata.name),
    ['c-unknown', 'd-never', 'e-false', 'b-cordoned', 'a-ok'],
  );
  t.same(
    ['True', 'False', 'Unknown', undefined].map((s) => readiness(target('x', s as never))),
    ['Ready', 'Not ready', 'Unknown', 'Unknown'],
  );
});

t.test("a Deployment's health is the worst of its targets' states", async (t) => {
  t.equal(healthOf(deployment([])), 'Not placed');
  t.equal(healthOf(deployment([entry('a', 'Applied', 2, 2), entry('b', 'Error')])), 'Failing');
  t.equal(healthOf(deployment([entry('a', 'Applied', 2, 2), entry('b', 'Stale')])), 'Degraded');
  t.equal(healthOf(deployment([entry('a', 'Applied', 2, 2), entry('b', 'Pending')])), 'Progressing');
  t.equal(healthOf(deployment([entry('a', 'Applied', 2, 1)])), 'Progressing', 'applied, not every pod available yet');
  t.equal(healthOf(deployment([entry('a', 'Applied', 2, 2), entry('b', 'Applied', 2, 2)])), 'Healthy');
});

t.test('a rollout counts the updated pods of the targets that report, until complete', async (t) => {
  t.same(rollout(deployment([entry('a', 'Applied', 2), entry('b', 'Pending', 0)])), { updated: 2, wanted: 4 });
  t.same(
    rollout(deployment([entry('a', 'Applied', 5), entry('b', 'Applied', 1)])),
    { updated: 3, wanted: 4 },
    'a target with surge pods counts as its wanted replicas at most',
  );
  t.equal(
    rollout(deployment([entry('a', 'Applied', 2), entry('b', 'Stale', 0)])),
    undefined,
    'a Stale target is left out',
  );
  t.equal(rollout(deployment([])), undefined);
});

t.test('the Placements listed for a Deployment are those that select it, by either form', async (t) => {
  const web = { ...deployment([]), metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } } } as Deployment;
  const placement = (name: string, spec: object, namespace = 'shop') =>
    ({ metadata: { name, namespace }, spec }) as unknown as Parameters<typeof placementsOf>[1][number];
  const byLabel = { apiVersion: 'apps/v1', kind: 'Deployment', labelSelector: { matchLabels: { app: 'web' } } };
  const placements = [
    placement('shorthand', { deploymentSelector: { matchLabels: { app: 'web' } } }),
    placement('selectors', { resourceSelectors: [byLabel] }),
    placement('by-name', { resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', names: ['web'] }] }),
    placement('other-name', { resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', names: ['api'] }] }),
    placement('configmaps', { resourceSelectors: [{ apiVersion: 'v1', kind: 'ConfigMap' }] }),
    placement('elsewhere', { resourceSelectors: [byLabel] }, 'other'),
  ];
  t.same(
    placementsOf(web, placements).map((p) => p.metadata.name),
    ['shorthand', 'selectors', 'by-name'],
  );
});
