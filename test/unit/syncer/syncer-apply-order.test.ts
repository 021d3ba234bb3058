// Dependency order: definitions of custom resources first, ServiceAccounts, ConfigMaps, Secrets,
// claims, Services and RBAC before the workloads, Ingress/HPA/PDB after them, custom resources
// last; prunes the other way round. Tried is enough to go on.
import t from 'tap';
import { ApplyOrder } from '../../../src/syncer/reconcile/apply-order.js';
import { rankOf } from '../../../src/schemas/apply-order.js';

const CM = 'ConfigMap/shop/cfg';
const SECRET = 'Secret/shop/creds';
const DEPLOY = 'Deployment.apps/shop/web';
const INGRESS = 'Ingress.networking.k8s.io/shop/web';
const WIDGET = 'Widget.example.com/shop/w';

t.test('ranks follow the apply order; unknown kinds go last', async (t) => {
  const order = [
    'CustomResourceDefinition.apiextensions.k8s.io',
    'ServiceAccount',
    'ConfigMap',
    'Secret',
    'PersistentVolumeClaim',
    'Service',
    'Role.rbac.authorization.k8s.io',
    'RoleBinding.rbac.authorization.k8s.io',
    'StatefulSet.apps',
    'PodDisruptionBudget.policy',
    'Widget.example.com',
  ].map(rankOf);
  t.same(
    [...order].sort((a, b) => a - b),
    order,
  );
  t.equal(rankOf('Deployment.apps'), rankOf('CronJob.batch'), 'workloads share a rank');
  t.equal(rankOf('CustomResourceDefinition.apiextensions.k8s.io'), 0, 'a definition before anything');
  t.ok(rankOf('CustomResourceDefinition.example.com') > 0, 'a kind of that name in another group is a custom one');
});

t.test(
  'a workload waits for the lower ranks to be tried at their current hash, then the parked are woken',
  async (t) => {
    const woken: string[] = [];
    const order = new ApplyOrder((key) => woken.push(key));
    const hashes: Record<string, string> = { [CM]: 'h1', [SECRET]: 'h2', [DEPLOY]: 'h3', [INGRESS]: 'h4' };
    const desired = Object.keys(hashes);
    const hashOf = (key: string) => hashes[key];
    t.same(order.applyBlockers(CM, desired, hashOf), [], 'the lowest rank never waits');
    t.same(order.applyBlockers(DEPLOY, desired, hashOf), [CM, SECRET]);
    order.park(DEPLOY);
    order.settle(CM, 'h1');
    t.same(woken, [DEPLOY], 'woken to look again');
    t.same(order.applyBlockers(DEPLOY, desired, hashOf), [SECRET]);
    order.park(DEPLOY);
    order.settle(SECRET, 'h2');
    t.same(order.applyBlockers(DEPLOY, desired, hashOf), []);
    t.same(order.applyBlockers(INGRESS, desired, hashOf), [DEPLOY], 'an Ingress waits for the workload');
    hashes[CM] = 'h1b';
    t.same(order.applyBlockers(DEPLOY, desired, hashOf), [CM], 'a changed ConfigMap goes first again');
  },
);

t.test('prunes go from the highest rank down; objects still desired do not hold a prune back', async (t) => {
  const order = new ApplyOrder(() => undefined);
  const owned = [CM, DEPLOY, INGRESS, WIDGET];
  const desired = new Set([WIDGET]);
  const isDesired = (key: string) => desired.has(key);
  t.same(order.pruneBlockers(CM, owned, isDesired), [DEPLOY, INGRESS]);
  t.same(order.pruneBlockers(INGRESS, owned, isDesired), [], 'the still-desired Widget is not leaving');
  order.settle(INGRESS);
  order.settle(DEPLOY);
  t.same(order.pruneBlockers(CM, owned, isDesired), []);
  order.forget(DEPLOY);
  t.same(order.pruneBlockers(CM, owned, isDesired), [DEPLOY], 'forgotten: tried again');
});
