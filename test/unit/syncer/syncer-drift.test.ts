// When an owned Deployment is applied again, and how often drift is corrected when something
// downstream keeps fighting the agent.
import t from 'tap';
import {
  applyReason,
  driftedFields,
  driftedPaths,
  manifestHash,
  type AppliedRecord,
} from '../../../src/syncer/reconcile/drift.js';
import { DriftThrottle } from '../../../src/syncer/reconcile/drift-throttle.js';
import type { KubeObject } from '../../../src/schemas/meta.js';

const desired: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', labels: { app: 'web', mark: 'edge-1' }, annotations: { gen: '3' } },
  spec: { replicas: 2, template: { spec: { containers: [{ name: 'web', image: 'nginx:1' }] } } },
};
const hash = manifestHash(desired);
const current = (changes: Partial<KubeObject['metadata']> = {}, spec = desired.spec): KubeObject => ({
  ...desired,
  metadata: { ...desired.metadata, uid: 'u1', generation: 5, resourceVersion: '100', ...changes },
  spec,
});
const record: AppliedRecord = { uid: 'u1', hash, generation: 5 };

t.test('create, first look after a start, and an upstream change', async (t) => {
  t.equal(applyReason(desired, hash, undefined, record), 'create');
  t.equal(applyReason(desired, hash, current(), undefined), 'first-sync');
  t.equal(applyReason(desired, 'other-hash', current(), record), 'update');
});

t.test('in sync: status-only updates and defaults the server added cost nothing', async (t) => {
  t.equal(applyReason(desired, hash, current({ resourceVersion: '101' }), record), undefined);
  t.equal(
    applyReason(desired, hash, current({ labels: { ...desired.metadata.labels, extra: 'x' } }), record),
    undefined,
  );
  t.equal(
    applyReason(desired, hash, current({ generation: 4 }), record),
    undefined,
    'an older watch event is not drift',
  );
});

t.test('drift: a spec change (generation), a changed or removed mark, a replaced object', async (t) => {
  t.equal(applyReason(desired, hash, current({ generation: 6 }), record), 'drift');
  t.equal(applyReason(desired, hash, current({ labels: { app: 'web' } }), record), 'drift');
  t.equal(applyReason(desired, hash, current({ annotations: { gen: '2' } }), record), 'drift');
  t.equal(applyReason(desired, hash, current({ uid: 'u2' }), record), 'drift');
});

t.test('kinds without a generation: their own fields are compared, defaults and empty maps are fine', async (t) => {
  const config: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cfg', namespace: 'shop', labels: { mark: 'e' } },
    data: { a: '1' },
    binaryData: {},
  };
  const configHash = manifestHash(config);
  const configRecord: AppliedRecord = { uid: 'u9', hash: configHash, generation: 0 };
  const live = (data: Record<string, string>): KubeObject => ({
    ...config,
    binaryData: undefined,
    metadata: { ...config.metadata, uid: 'u9', resourceVersion: '7' },
    data,
  });
  const reason = (data: Record<string, string>) => applyReason(config, configHash, live(data), configRecord);
  t.equal(reason({ a: '1' }), undefined, 'in sync (the server dropped the empty binaryData)');
  t.equal(reason({ a: '1', added: 'x' }), undefined, "another manager's key is theirs");
  t.equal(applyReason(config, configHash, live({ a: 'edited' }), configRecord), 'drift', 'an edited value');
  t.equal(applyReason(config, configHash, live({}), configRecord), 'drift', 'a removed key');
  t.same(driftedPaths(config, live({ a: 'secret-value' })), ['data.a'], 'paths only, never values');
});

t.test('the hash does not depend on key order', async (t) => {
  const reordered: KubeObject = {
    spec: desired.spec,
    metadata: { annotations: { gen: '3' }, labels: { mark: 'edge-1', app: 'web' }, namespace: 'shop', name: 'web' },
    kind: 'Deployment',
    apiVersion: 'apps/v1',
  };
  t.equal(manifestHash(reordered), hash);
});

t.test('driftedPaths names what differs, ignoring what only the cluster has', async (t) => {
  const drifted = current(
    { labels: { app: 'web', mark: 'x', extra: '1' } },
    {
      replicas: 5,
      strategy: { type: 'RollingUpdate' },
      template: { spec: { containers: [{ name: 'web', image: 'nginx:2', imagePullPolicy: 'IfNotPresent' }] } },
    },
  );
  t.same(driftedPaths(desired, drifted), [
    'metadata.labels.mark',
    'spec.replicas',
    'spec.template.spec.containers[0].image',
  ]);
  t.same(driftedFields([1, 2], [1]), [''], 'a list of another length');
  t.same(driftedFields({ a: { b: 1 } }, { a: 'x' }), ['a']);
});

t.test('the throttle lets a few corrections through, then spaces them out up to the cap', async (t) => {
  const throttle = new DriftThrottle(60_000, 3, 8_000);
  let now = 1_000_000;
  for (let i = 0; i < 3; i++) {
    t.equal(throttle.delay('k', now), 0, `correction ${i + 1} goes through`);
    throttle.record('k', now);
    now += 10;
  }
  t.equal(throttle.delay('k', now), 1_000 - 10, 'the fourth waits a second after the last');
  throttle.record('k', now + 1_000);
  t.equal(throttle.delay('k', now + 1_000), 2_000, 'then two');
  for (let i = 0; i < 6; i++) throttle.record('k', now + 1_000);
  t.equal(throttle.delay('k', now + 1_000), 8_000, 'never more than the cap');
  t.equal(throttle.delay('other', now), 0, 'keys are independent');
  t.equal(throttle.delay('k', now + 200_000), 0, 'quiet for a window: free again');
  throttle.forget('k');
  t.equal(throttle.delay('k', now + 1_000), 0);
});
