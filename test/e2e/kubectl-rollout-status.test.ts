// `kubectl rollout status` against a real `tmc server`: it waits until every cluster a workload is
// placed on has the generation it asks about, rolled out, as the apps/v1 controllers' status would
// say of one cluster. Agents' reports (sent here with the admin token) make that true per
// SyncTarget; one cluster done while another has not reported, or still rolls, is not done.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { ST, deploymentsPath } from './control-plane.js';
import { kubectlOnTmc, kubectlOrSkip } from './kubectl-tmc.js';

const counts = (n: number) => ({ replicas: n, updatedReplicas: n, readyReplicas: n, availableReplicas: n });
const TARGETS = ['north', 'south'];
const APPS = '/apis/apps/v1/namespaces/shop';
const wait = () => new Promise((resolve) => setTimeout(resolve, 100));

const workloads = `
apiVersion: scheduling.kcp.io/v1alpha1
kind: Placement
metadata: {name: workloads}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: StatefulSet}, {apiVersion: apps/v1, kind: DaemonSet}]
  syncTargetNames: [north, south]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  replicas: 2
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: registry.example/db:1}]}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: agent, image: registry.example/agent:1}]}
`;

const kubectlBin = await kubectlOrSkip(t);
if (kubectlBin) {
  await t.test('kubectl rollout status waits for every placed cluster to report the generation', async (t) => {
    const { plane, run } = await kubectlOnTmc(t, kubectlBin);
    for (const target of TARGETS) {
      await plane.target(target, 'shop');
      await plane.ok('POST', `${ST}/${target}/heartbeat`, {});
    }
    await plane.createDeployment('shop', 'web', 2);
    const report = (target: string, generation: number) =>
      plane.ok('PUT', `${ST}/${target}/deployments/shop/web/status`, {
        observedGeneration: generation,
        state: 'Applied',
        status: counts(2),
      });
    const status = (timeout: string) => run('rollout', 'status', 'deployment/web', `--timeout=${timeout}`);
    for (let i = 0; i < 100 && !(await plane.entry('shop', 'web', 'south')); i++) await wait();

    /** Rolled out only once both targets report `generation`; waiting for it before that times out. */
    const rolledOutWith = async (generation: number) => {
      const waiting = await status('2s');
      t.not(waiting.code, 0, `generation ${generation} reported by no target yet`);
      t.match(waiting.stdout, /Waiting for deployment spec update to be observed/);
      await report('north', generation);
      const half = await status('2s');
      t.not(half.code, 0, `generation ${generation} on north only: south is behind`);
      await report('south', generation);
      const done = await status('30s');
      t.equal(done.code, 0, done.stderr);
      t.match(done.stdout, /deployment "web" successfully rolled out/);
    };

    await rolledOutWith(1);
    await run('set', 'image', 'deployment/web', 'main=registry.example/web:2');
    const stored = await plane.ok('GET', `${deploymentsPath('shop')}/web`);
    t.equal(stored.metadata.generation, 2);
    await rolledOutWith(2);
    t.match((await plane.ok('GET', `${deploymentsPath('shop')}/web`)).status, {
      observedGeneration: 2,
      updatedReplicas: 4,
    });
  });

  await t.test('and for StatefulSets and DaemonSets, which a manifest gives no update strategy', async (t) => {
    const { dir, plane, run } = await kubectlOnTmc(t, kubectlBin);
    for (const target of TARGETS) {
      await plane.target(target, 'shop');
      await plane.ok('POST', `${ST}/${target}/heartbeat`, {});
    }
    writeFileSync(join(dir, 'workloads.yaml'), workloads);
    const applied = await run('apply', '--server-side', '-f', join(dir, 'workloads.yaml'));
    t.equal(applied.code, 0, applied.stderr);
    const placedOnBoth = async (path: string) => {
      for (let i = 0; i < 100; i++) {
        if ((await plane.ok('GET', path)).status?.syncTargets?.length === TARGETS.length) return;
        await wait();
      }
    };
    const report = (target: string, resource: string, name: string, healthy: boolean, status: unknown) =>
      plane.ok('PUT', `${ST}/${target}/${resource}/shop/${name}/status`, {
        observedGeneration: 1,
        state: 'Applied',
        health: healthy ? { state: 'Healthy', reason: 'RolledOut' } : { state: 'Progressing', reason: 'Updating' },
        status,
      });
    const status = (what: string, timeout: string) => run('rollout', 'status', what, `--timeout=${timeout}`);

    await placedOnBoth(`${APPS}/statefulsets/db`);
    const pods = (updated: number) => ({ replicas: 2, readyReplicas: 2, updatedReplicas: updated });
    await report('north', 'statefulsets.apps', 'db', true, pods(2));
    await report('south', 'statefulsets.apps', 'db', false, pods(0));
    const rolling = await status('statefulset/db', '2s');
    t.not(rolling.code, 0, 'south still rolls, though the sums would satisfy kubectl (ready 4 >= 2)');
    t.notMatch(rolling.stderr, /only available for RollingUpdate/, 'the strategy was defaulted');
    await report('south', 'statefulsets.apps', 'db', true, pods(2));
    const sts = await status('statefulset/db', '30s');
    t.equal(sts.code, 0, sts.stderr);
    t.match(sts.stdout, /partitioned roll out complete: 4 new pods have been updated/);

    await placedOnBoth(`${APPS}/daemonsets/agent`);
    const nodes = (updated: number) => ({
      desiredNumberScheduled: 3,
      updatedNumberScheduled: updated,
      numberAvailable: 3,
    });
    await report('north', 'daemonsets.apps', 'agent', true, nodes(3));
    const one = await status('daemonset/agent', '2s');
    t.not(one.code, 0, 'south has not reported');
    await report('south', 'daemonsets.apps', 'agent', false, nodes(1));
    const updating = await status('daemonset/agent', '2s');
    t.match(updating.stdout, /4 out of 6 new pods have been updated/);
    await report('south', 'daemonsets.apps', 'agent', true, nodes(3));
    const ds = await status('daemonset/agent', '30s');
    t.equal(ds.code, 0, ds.stderr);
    t.match(ds.stdout, /daemon set "agent" successfully rolled out/);
  });
}
