// driftPolicy DetectOnly on the real test cluster: a downstream edit is left as it is and
// reported field by field (a Secret's by path only, its value in no report or log line); an
// upstream change is still applied, and the drift report goes with the drift; back to Correct,
// the drift is corrected.
import * as k8s from '@kubernetes/client-node';
import t from 'tap';
import type { FeedItem } from '../../src/syncer/upstream/feed-answer.js';
import { e2eCluster } from '../cluster/e2e-env.js';
import { engineOnCluster } from './syncer-engine.js';
import { until } from './syncer-helpers.js';

const SECRET_VALUE = 'detect-only-secret-value';
const EDITED_VALUE = 'edited-secret-value';
const b64 = (text: string) => Buffer.from(text).toString('base64');

const cluster = e2eCluster(t);
if (cluster) {
  t.setTimeout(600_000);
  const { ns, core, lines, events, feed, report } = await engineOnCluster(t, cluster.kubeconfigPath, 'detect-only');
  const detectOnly = { driftPolicy: 'DetectOnly' as const };
  const configMap = (mode: string, generation: number): FeedItem => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'watched', namespace: ns, generation, syncPolicy: detectOnly },
    data: { mode },
  });
  const secret: FeedItem = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'token', namespace: ns, generation: 1, syncPolicy: detectOnly },
    type: 'Opaque',
    data: { key: b64(SECRET_VALUE) },
  };
  const merge = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);
  const cmKey = `ConfigMap/${ns}/watched`;
  const secretKey = `Secret/${ns}/token`;

  feed([configMap('fast', 1), secret]);
  await report(cmKey, (r) => r.state === 'Applied');
  await report(secretKey, (r) => r.state === 'Applied');

  await t.test('a downstream edit is reported field by field and left as it is', async (t) => {
    await core.patchNamespacedConfigMap({ name: 'watched', namespace: ns, body: { data: { mode: 'slow' } } }, merge);
    const drifted = await report(cmKey, (r) => (r.drift?.length ?? 0) > 0);
    t.same(drifted.drift, [{ path: 'data.mode', want: '"fast"', have: '"slow"' }]);
    t.equal(drifted.state, 'Applied');
    const now = await core.readNamespacedConfigMap({ name: 'watched', namespace: ns });
    t.equal(now.data?.mode, 'slow', 'not reverted');
    t.same(events('drift-corrected', cmKey), [], 'no correction');
    t.same(
      events('drift-detected', cmKey).map((e) => e.fields),
      [['data.mode']],
      'logged with the path',
    );
  });

  await t.test("a Secret's drift is reported by path only", async (t) => {
    await core.patchNamespacedSecret(
      { name: 'token', namespace: ns, body: { data: { key: b64(EDITED_VALUE) } } },
      merge,
    );
    const drifted = await report(secretKey, (r) => (r.drift?.length ?? 0) > 0);
    t.same(drifted.drift, [{ path: 'data.key' }]);
    const everything = JSON.stringify(drifted) + lines.join('');
    for (const value of [SECRET_VALUE, EDITED_VALUE]) {
      t.notOk(everything.includes(value) || everything.includes(b64(value)), 'no value in the report or the log');
    }
    const now = await core.readNamespacedSecret({ name: 'token', namespace: ns });
    t.equal(now.data?.key, b64(EDITED_VALUE), 'not reverted');
  });

  await t.test('an upstream change is applied and the drift report goes', async (t) => {
    feed([configMap('medium', 2), secret]);
    await until(
      'the upstream change applied',
      async () => (await core.readNamespacedConfigMap({ name: 'watched', namespace: ns })).data?.mode === 'medium',
    );
    const clean = await report(cmKey, (r) => r.drift === undefined && r.observedGeneration === 2);
    t.equal(clean.state, 'Applied');
  });

  await t.test('back to Correct, the drift left so far is corrected', async (t) => {
    const { syncPolicy: _detectOnly, ...meta } = secret.metadata;
    feed([configMap('medium', 2), { ...secret, metadata: meta }]);
    const fixed = await until('the Secret corrected', async () => {
      const now = await core.readNamespacedSecret({ name: 'token', namespace: ns });
      return now.data?.key === b64(SECRET_VALUE) && now;
    });
    t.ok(fixed);
    t.ok(await report(secretKey, (r) => r.drift === undefined), 'no drift reported');
  });
}
