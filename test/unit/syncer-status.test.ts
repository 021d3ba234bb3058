// The status report sent upstream: only fields the control plane's schema knows, the upstream
// generation rather than the downstream one, and an Error never carries a foreign status.
import t from 'tap';
import { schemaCauses } from '../../src/api/ajv.js';
import { DeploymentStatusReport } from '../../src/schemas/deployment.js';
import { appliedReport, errorReport, reportedStatus } from '../../src/syncer/status-report.js';
import type { KubeObject } from '../../src/syncer/types.js';

const downstream: KubeObject = {
  metadata: { name: 'web', namespace: 'shop', generation: 9, annotations: { 'workload.kcp.io/upstream-generation': '3' } },
  status: {
    observedGeneration: 9,
    replicas: 2,
    updatedReplicas: 2,
    readyReplicas: 2,
    availableReplicas: 2,
    terminatingReplicas: 0,
    conditions: [
      { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', lastUpdateTime: '2026-01-01T00:00:00Z', lastTransitionTime: '2026-01-01T00:00:00Z', extra: 1 },
      { status: 'True' },
    ],
  },
};

t.test('an Applied report carries the upstream generation and the known status fields', async (t) => {
  const report = appliedReport(downstream, 1);
  t.equal(report.observedGeneration, 3, 'from the annotation, not the downstream generation 9');
  t.equal(report.state, 'Applied');
  t.same(report.status, {
    replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2,
    conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', lastUpdateTime: '2026-01-01T00:00:00Z', lastTransitionTime: '2026-01-01T00:00:00Z' }],
  });
  t.same(schemaCauses(DeploymentStatusReport, structuredClone(report)), [], 'the server accepts it');
});

t.test('without the annotation the generation the agent applied is used', async (t) => {
  t.equal(appliedReport({ metadata: { name: 'web' } }, 7).observedGeneration, 7);
});

t.test('an Error report names the generation that failed and shows a status only for an owned object', async (t) => {
  const foreign = errorReport(4, 'not ours');
  t.same(foreign, { observedGeneration: 4, state: 'Error', message: 'not ours', status: {} });
  t.equal(errorReport(4, 'refused', downstream).status.availableReplicas, 2);
  t.same(schemaCauses(DeploymentStatusReport, structuredClone(foreign)), []);
  const long = errorReport(1, 'x'.repeat(40_000));
  t.ok(long.message!.length <= 32_768, 'a long webhook message is cut to what the server keeps');
});

t.test('garbage in the downstream status is left out', async (t) => {
  t.same(reportedStatus({ replicas: -1, readyReplicas: 1.5, availableReplicas: '2', conditions: 'none' }), {});
  t.same(reportedStatus(undefined), {});
});
