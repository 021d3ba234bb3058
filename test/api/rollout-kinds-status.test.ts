// The workloads kubectl rolls out besides Deployments: a StatefulSet and a DaemonSet get the update
// strategy kube-apiserver defaults (kubectl rollout status refuses one without), and their status
// says the generation every placed cluster reached, so the rollout is complete only once each has.
import t from 'tap';
import { ST_PATH, syncTarget, testApp, type TestApp } from '../helpers/app.js';
import { REPORT_PATH, place } from '../helpers/placed-objects.js';
import { forEachStore } from '../helpers/stores.js';
import { createOk, heartbeat } from '../helpers/workloads.js';

const APPS = '/apis/apps/v1/namespaces/default';
const workload = (kind: 'StatefulSet' | 'DaemonSet', name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind,
  metadata: { name },
  spec: {
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: `${name}:1` }] } },
    ...(kind === 'StatefulSet' ? { replicas: 2 } : {}),
    ...spec,
  },
});
const stsReport = (generation: number, updated: number, state: 'Healthy' | 'Progressing') => ({
  observedGeneration: generation,
  state: 'Applied',
  health: { state, reason: state === 'Healthy' ? 'RolledOut' : 'Updating' },
  status: { replicas: 2, readyReplicas: 2, updatedReplicas: updated, availableReplicas: 2 },
});

async function targets(app: TestApp, names: string[]): Promise<void> {
  for (const name of names) {
    await createOk(app, ST_PATH, syncTarget(name));
    await heartbeat(app, name);
  }
}

forEachStore(t, (t) => {
  t.test('the update strategy is defaulted as kube-apiserver does, and an unknown type refused', async (t) => {
    const app = await testApp(t);
    const sts = await createOk(app, `${APPS}/statefulsets`, workload('StatefulSet', 'db'));
    t.same(sts.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    const ds = await createOk(app, `${APPS}/daemonsets`, workload('DaemonSet', 'agent'));
    t.same(ds.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    const onDelete = workload('StatefulSet', 'kept', { updateStrategy: { type: 'OnDelete' } });
    const kept = await createOk(app, `${APPS}/statefulsets`, onDelete);
    t.same(kept.spec.updateStrategy, { type: 'OnDelete' }, 'a given type is kept, nothing added');
    const partitioned = workload('StatefulSet', 'canary', { updateStrategy: { rollingUpdate: { partition: 1 } } });
    const canary = await createOk(app, `${APPS}/statefulsets`, partitioned);
    t.same(canary.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { partition: 1 } });

    const wrong = workload('DaemonSet', 'bad', { updateStrategy: { type: 'Sideways' } });
    const refused = await app.call('POST', `${APPS}/daemonsets`, wrong);
    t.equal(refused.statusCode, 422, refused.body);
    t.match(refused.json.details.causes, [{ reason: 'FieldValueNotSupported', field: 'spec.updateStrategy.type' }]);
    t.equal((await app.call('GET', `${APPS}/daemonsets/bad`)).statusCode, 404, 'nothing created');
  });

  t.test("a StatefulSet's status reaches a generation once every cluster rolled it out", async (t) => {
    const app = await testApp(t);
    await targets(app, ['a', 'b']);
    await createOk(app, `${APPS}/statefulsets`, workload('StatefulSet', 'db'));
    await place(app, 'StatefulSet', 'db', ['a', 'b']);
    const put = async (target: string, body: unknown) => {
      const reply = await app.call('PUT', REPORT_PATH(target, 'statefulsets.apps', 'default', 'db'), body);
      t.equal(reply.statusCode, 200, reply.body);
      return reply.json.status;
    };
    t.match(await put('a', stsReport(1, 2, 'Healthy')), { observedGeneration: 0, readyReplicas: 2 }, 'b is Pending');
    t.match(await put('b', stsReport(1, 0, 'Progressing')), { observedGeneration: 0, updatedReplicas: 2 });
    t.match(await put('b', stsReport(1, 2, 'Healthy')), { observedGeneration: 1, updatedReplicas: 4 });

    const image = { spec: { template: { spec: { containers: [{ name: 'db', image: 'db:2' }] } } } };
    const merge = { contentType: 'application/merge-patch+json' };
    const changed = await app.call('PATCH', `${APPS}/statefulsets/db`, image, merge);
    t.equal(changed.statusCode, 200, changed.body);
    t.equal(changed.json.metadata.generation, 2);
    // The same write counts none as updated: every target still runs generation 1.
    t.match(changed.json.status, { observedGeneration: 1, updatedReplicas: 0, readyReplicas: 4 });
    t.match(await put('a', stsReport(2, 2, 'Healthy')), { observedGeneration: 1, updatedReplicas: 2 });
    t.match(await put('b', stsReport(2, 2, 'Healthy')), { observedGeneration: 2, updatedReplicas: 4 });
  });
});
