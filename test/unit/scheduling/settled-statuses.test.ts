// Which status-only changes the scheduler leaves alone: reports that keep every entry's placement
// and the scheduler's own writes, unless a Placement of the object reads reports (failover, a
// rollout); a change of what the scheduler wrote, or a state its target's readiness does not
// imply, is reconciled.
import t from 'tap';
import { SchedulerWatch } from '../../../src/scheduling/scheduler-watch.js';
import type { SyncTargetEntry } from '../../../src/schemas/deployment.js';
import type { KubeObject } from '../../../src/schemas/meta.js';
import { statusWith } from '../../../src/scheduling/status-entries.js';

type Entry = Record<string, unknown> & { name: string };
const deployment = (entries: Entry[], resourceVersion = '1'): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'app', namespace: 'default', uid: 'app', generation: 1, resourceVersion, labels: { app: 'a' } },
  spec: { replicas: 1 },
  // The totals as the reports and the scheduler write them.
  status: statusWith(entries as unknown as SyncTargetEntry[], 'Deployment', 1),
});
const target = (name: string): KubeObject => ({
  apiVersion: 'workload.kcp.io/v1alpha1',
  kind: 'SyncTarget',
  metadata: { name, uid: name, labels: { fleet: 'yes' } },
  status: { conditions: [{ type: 'Ready', status: 'True', reason: 'x' }] },
});
const placement = (spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'scheduling.kcp.io/v1alpha1',
  kind: 'Placement',
  metadata: { name: 'p', namespace: 'default', uid: 'p' },
  spec: { syncTargetSelector: { matchLabels: { fleet: 'yes' } }, ...spec },
});
const pending = (name: string): Entry => ({ name, state: 'Pending', reason: 'Selected', message: 'waiting' });
const applied = (entry: Entry): Entry => ({
  ...entry,
  state: 'Applied',
  reportedState: 'Applied',
  observedGeneration: 1,
  replicas: 1,
});

function watching(rule?: KubeObject) {
  const queued: string[] = [];
  const watch = new SchedulerWatch(
    () => [],
    (key) => queued.push(key),
    () => [],
    (key) => queued.push(key),
  );
  let rv = 1;
  const observe = (object: KubeObject, previous?: KubeObject) =>
    watch.observe({ type: 'MODIFIED', resourceVersion: rv++, object }, previous);
  for (const name of ['t1', 't2']) observe(target(name));
  if (rule) observe(rule);
  const before = deployment([pending('t1'), pending('t2')]);
  observe(before);
  queued.length = 0;
  return { watch, queued, observe, before };
}

const app = 'Deployment default/app';

t.test('a report that keeps every placement is left alone; one that changes a placement is not', async (t) => {
  const { queued, observe, before } = watching(placement({}));
  const [one, two] = (before.status as { syncTargets: Entry[] }).syncTargets;
  const reported = deployment([applied(one!), two!], '2');
  observe(reported, before);
  t.notOk(queued.includes(app), 'a report: no reconcile');
  observe(deployment([applied(one!), { ...two!, reason: 'DependencyOf' }], '3'), reported);
  t.ok(queued.includes(app), 'an entry whose reason changed is reconciled');
  queued.length = 0;
  observe(deployment([applied(one!)], '4'), reported);
  t.ok(queued.includes(app), 'an entry gone is reconciled');
  queued.length = 0;
  observe(deployment([{ ...applied(one!), state: 'Stale' }, two!], '5'), reported);
  t.ok(queued.includes(app), 'a state the ready target does not imply is reconciled');
  queued.length = 0;
  const totals = deployment([applied(one!), two!], '6');
  (totals.status as Record<string, unknown>).replicas = 7;
  observe(totals, reported);
  t.ok(queued.includes(app), "totals that are not the entries' sums are reconciled");
});

t.test("the scheduler's own write is left alone, whatever it changed", async (t) => {
  const { watch, queued, observe, before } = watching(placement({}));
  const status = { syncTargets: [pending('t1')] };
  watch.settling.writing(status);
  observe({ ...before, metadata: { ...before.metadata, resourceVersion: '2' }, status }, before);
  t.notOk(queued.includes(app), 'its own status');
  const copy = structuredClone(status);
  observe({ ...before, metadata: { ...before.metadata, resourceVersion: '3' }, status: copy }, before);
  t.ok(queued.includes(app), 'an equal status it did not write is reconciled');
});

t.test('a Placement that fails over or rolls out reads the reports: each is reconciled', async (t) => {
  const rules = {
    failover: placement({ numberOfSyncTargets: 1, failover: {} }),
    rollout: placement({ rollout: {} }),
  };
  for (const [what, rule] of Object.entries(rules)) {
    const { watch, queued, observe, before } = watching(rule);
    const [one, two] = (before.status as { syncTargets: Entry[] }).syncTargets;
    observe(deployment([applied(one!), two!], '2'), before);
    t.ok(queued.includes(app), `${what}: a report`);
    queued.length = 0;
    const status = { syncTargets: [pending('t1')] };
    watch.settling.writing(status);
    observe({ ...before, metadata: { ...before.metadata, resourceVersion: '3' }, status }, before);
    t.ok(queued.includes(app), `${what}: its own write too (a rollout may take a step on what it wrote)`);
  }
});

t.test('a change of more than the status is reconciled', async (t) => {
  const { queued, observe, before } = watching(placement({}));
  observe(
    { ...before, metadata: { ...before.metadata, resourceVersion: '2', generation: 2 }, spec: { replicas: 2 } },
    before,
  );
  t.ok(queued.includes(app));
});

t.test("a Placement's own status write is not computed again; a status someone else wrote is", async (t) => {
  const rule = placement({});
  const { watch, queued, observe } = watching(rule);
  const key = 'Placement default/p';
  const status = { selectedSyncTargets: ['t1', 't2'], conditions: [] };
  watch.settling.writing(status);
  const written = { ...rule, metadata: { ...rule.metadata, resourceVersion: '9' }, status };
  observe(written, rule);
  t.notOk(queued.includes(key), 'its own status');
  t.notOk(queued.includes(app), 'nor its objects');
  observe({ ...written, metadata: { ...written.metadata, resourceVersion: '10' }, status: { ...status } }, written);
  t.ok(queued.includes(key), 'an equal status it did not write is computed again');
  t.notOk(queued.includes(app), 'its objects still are not');
  queued.length = 0;
  const spec = { ...(rule.spec as object), numberOfSyncTargets: 1 };
  observe({ ...written, metadata: { ...written.metadata, resourceVersion: '11', generation: 2 }, spec }, written);
  t.ok(queued.includes(key), 'a change of its rule is computed again');
});
