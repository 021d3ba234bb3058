// A target's change rewrites the status of every object placed on it: an object on many targets
// is queued through the coalescing queue (one write for a fleet's targets changing together),
// one on a few targets at once. So is a change of such an object's status alone (reports).
import t from 'tap';
import { SchedulerWatch } from '../../../src/scheduling/scheduler-watch.js';
import type { KubeObject } from '../../../src/schemas/meta.js';

const deployment = (name: string, targets: number): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'default', uid: name, generation: 1 },
  status: { syncTargets: Array.from({ length: targets }, (_, i) => ({ name: `t${i}`, state: 'Pending' })) },
});
const target = (name: string, ready: boolean): KubeObject => ({
  apiVersion: 'workload.kcp.io/v1alpha1',
  kind: 'SyncTarget',
  metadata: { name, uid: name },
  status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', reason: 'x' }] },
});

/** A watch whose two queues are recorded; `reset` forgets what was queued so far. */
function watching(objects: KubeObject[] = []) {
  const now: string[] = [];
  const later: string[] = [];
  const watch = new SchedulerWatch(
    (kind) => objects.filter((o) => o.kind === kind),
    (key) => now.push(key),
    () => [],
    (key) => later.push(key),
  );
  let rv = 1;
  const observe = (object: KubeObject, previous?: KubeObject) =>
    watch.observe({ type: 'MODIFIED', resourceVersion: rv++, object }, previous);
  const reset = () => {
    now.length = 0;
    later.length = 0;
  };
  return { now, later, observe, reset };
}

t.test("a target's change queues a widely placed object later, a narrowly placed one at once", async (t) => {
  const { now, later, observe, reset } = watching();
  observe(deployment('fleet', 150));
  observe(deployment('pair', 2));
  observe(target('t1', false));
  reset();
  observe(target('t1', true));
  t.ok(
    later.some((k) => k.includes('fleet')),
    'the object on 150 targets waits for the coalescing queue',
  );
  t.notOk(
    now.some((k) => k.includes('fleet')),
    'and is not queued at once',
  );
  t.ok(
    now.some((k) => k.includes('pair')),
    'the object on two targets is queued at once',
  );
  t.notOk(later.some((k) => k.includes('pair')));
});

t.test("in a fleet of 100 targets or more, a target's change recomputes its Placements' status later", async (t) => {
  for (const fleet of [3, 120]) {
    const { now, later, observe, reset } = watching();
    observe({
      apiVersion: 'scheduling.kcp.io/v1alpha1',
      kind: 'Placement',
      metadata: { name: 'all', namespace: 'default', uid: 'p' },
      spec: { syncTargetSelector: {} },
    });
    for (let i = 0; i < fleet; i++) observe(target(`t${i}`, false));
    reset();
    observe(target('t1', true));
    const queued = (keys: string[]) => keys.some((k) => k.startsWith('Placement'));
    t.equal(queued(later), fleet >= 100, `${fleet} targets: coalesced`);
    t.equal(queued(now), fleet < 100, `${fleet} targets: at once`);
  }
});

t.test(
  'a status-only change of a widely placed object waits for the coalescing queue; its spec does not',
  async (t) => {
    for (const targets of [150, 2]) {
      const { now, later, observe, reset } = watching();
      const before = deployment('app', targets);
      observe(before);
      reset();
      const entries = (before.status as { syncTargets: object[] }).syncTargets;
      const reported: KubeObject = {
        ...before,
        metadata: { ...before.metadata, resourceVersion: '7' },
        status: { syncTargets: entries.map((e) => ({ ...e, state: 'Applied' })) },
      };
      observe(reported, before);
      t.same(
        [now, later],
        targets >= 100 ? [[], ['Deployment default/app']] : [['Deployment default/app'], []],
        `${targets} targets, a report`,
      );
      reset();
      const scaled: KubeObject = {
        ...reported,
        metadata: { ...reported.metadata, generation: 2 },
        spec: { replicas: 3 },
      };
      observe(scaled, reported);
      t.ok(now.includes('Deployment default/app'), `${targets} targets: a new spec is reconciled at once`);
      t.notOk(later.includes('Deployment default/app'));
    }
  },
);

t.test("a Placement's status written queues none of its objects; its spec changed queues them", async (t) => {
  const app = deployment('app', 3);
  const { now, later, observe, reset } = watching([app]);
  const placement: KubeObject = {
    apiVersion: 'scheduling.kcp.io/v1alpha1',
    kind: 'Placement',
    metadata: { name: 'all', namespace: 'default', uid: 'p', resourceVersion: '1' },
    spec: { syncTargetSelector: {} },
  };
  observe(placement);
  observe(app);
  reset();
  const written: KubeObject = {
    ...placement,
    metadata: { ...placement.metadata, resourceVersion: '2' },
    status: { conditions: [{ type: 'Scheduled', status: 'True' }] },
  };
  observe(written, placement);
  t.notOk([...now, ...later].includes('Deployment default/app'), 'a status write: the objects stay as they are');
  reset();
  const narrowed: KubeObject = {
    ...written,
    metadata: { ...written.metadata, resourceVersion: '3', generation: 2 },
    spec: { syncTargetSelector: { matchLabels: { env: 'prod' } } },
  };
  observe(narrowed, written);
  t.ok(now.includes('Deployment default/app'), 'a new spec: its objects are placed again at once');
});
