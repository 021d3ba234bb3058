// The status report sent upstream: only fields the control plane's schema knows, the upstream
// generation rather than the downstream one, and an Error never carries a foreign status.
import t from 'tap';
import { schemaCauses } from '../../../src/api/http/ajv.js';
import { DeploymentStatusReport } from '../../../src/schemas/deployment-report.js';
import { ObjectStatusReport } from '../../../src/schemas/health.js';
import { KubeApiError } from '../../../src/syncer/downstream/kube-client.js';
import {
  appliedReport,
  errorReport,
  failureMessage,
  reportedStatus,
  waitingReport,
} from '../../../src/syncer/upstream/status-report.js';
import type { KubeObject } from '../../../src/schemas/meta.js';

const DEPLOYMENT = { apiVersion: 'apps/v1', kind: 'Deployment' };

const downstream: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'web',
    namespace: 'shop',
    generation: 9,
    annotations: { 'workload.kcp.io/upstream-generation': '3' },
  },
  spec: { replicas: 2 },
  status: {
    observedGeneration: 9,
    replicas: 2,
    updatedReplicas: 2,
    readyReplicas: 2,
    availableReplicas: 2,
    terminatingReplicas: 0,
    conditions: [
      {
        type: 'Available',
        status: 'True',
        reason: 'MinimumReplicasAvailable',
        lastUpdateTime: '2026-01-01T00:00:00Z',
        lastTransitionTime: '2026-01-01T00:00:00Z',
        extra: 1,
      },
      { status: 'True' },
    ],
  },
};

t.test('an Applied report carries the upstream generation and the known status fields', async (t) => {
  const report = appliedReport(downstream, 1);
  t.equal(report.observedGeneration, 3, 'from the annotation, not the downstream generation 9');
  t.equal(report.state, 'Applied');
  t.same(report.status, {
    replicas: 2,
    updatedReplicas: 2,
    readyReplicas: 2,
    availableReplicas: 2,
    conditions: [
      {
        type: 'Available',
        status: 'True',
        reason: 'MinimumReplicasAvailable',
        lastUpdateTime: '2026-01-01T00:00:00Z',
        lastTransitionTime: '2026-01-01T00:00:00Z',
      },
    ],
  });
  const before = 'a server from before other kinds accepts it';
  t.same(schemaCauses(DeploymentStatusReport, structuredClone(report)), [], before);
  t.same(schemaCauses(ObjectStatusReport, structuredClone(report)), [], 'and so does the report schema of every kind');
  const verdict = { state: 'Healthy', reason: 'RolledOut', message: '2 of 2 replicas available' };
  t.same(report.health, verdict, 'the health verdict');
});

t.test('without the annotation the generation the agent applied is used', async (t) => {
  t.equal(appliedReport({ ...DEPLOYMENT, metadata: { name: 'web' } }, 7).observedGeneration, 7);
});

t.test('an Error report names the generation that failed and shows a status only for an owned object', async (t) => {
  const foreign = errorReport(4, 'not ours');
  const unknown = { state: 'Unknown', reason: 'NotApplied', message: 'the syncer has no object of its own to judge' };
  t.same(foreign, { observedGeneration: 4, state: 'Error', message: 'not ours', health: unknown, status: {} });
  t.equal(errorReport(4, 'refused', downstream).status.availableReplicas, 2);
  t.same(schemaCauses(DeploymentStatusReport, structuredClone(foreign)), []);
  const long = errorReport(1, 'x'.repeat(40_000));
  t.ok(long.message!.length <= 32_768, 'a long webhook message is cut to what the server keeps');
});

t.test('garbage in the downstream status is left out', async (t) => {
  t.same(reportedStatus({ replicas: -1, readyReplicas: 1.5, availableReplicas: '2', conditions: 'none' }), {});
  t.same(reportedStatus(undefined), {});
});

t.test('another kind reports its own status as the cluster wrote it, with its health', async (t) => {
  const claim: KubeObject = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data', namespace: 'shop', annotations: { 'workload.kcp.io/upstream-generation': '2' } },
    spec: { volumeName: 'pv-1' },
    status: { phase: 'Bound', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] },
  };
  const report = appliedReport(claim, 1);
  t.same(report.status, claim.status);
  t.same(report.health, { state: 'Healthy', reason: 'Bound', message: 'bound to pv-1' });
  t.equal(report.observedGeneration, 2);
  const job: KubeObject = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'j', generation: 3 },
    status: { observedGeneration: 3, active: 1 },
  };
  t.same(appliedReport(job, 1).status, { active: 1 }, 'without the downstream observedGeneration');
  t.same(schemaCauses(ObjectStatusReport, structuredClone(report)), []);
});

t.test('an object waiting for its definition reports what it waits for, not an Error', async (t) => {
  const health = {
    state: 'Progressing' as const,
    reason: 'WaitingForDefinition',
    message: 'waiting for CustomResourceDefinition widgets.example.com to be established',
  };
  const fresh = waitingReport(health);
  t.same(fresh, { observedGeneration: 0, state: 'Applied', message: health.message, health, status: {} });
  t.same(schemaCauses(ObjectStatusReport, fresh), [], 'a report every server takes');
  const before: KubeObject = {
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 'w', namespace: 'shop', annotations: { 'workload.kcp.io/upstream-generation': '2' } },
    status: { parts: 3, observedGeneration: 7 },
  };
  t.match(waitingReport(health, before), { observedGeneration: 2, status: { parts: 3 } }, 'what is applied so far');
});

t.test('a refusal by RBAC in a custom group names the bootstrap flag that grants it', async (t) => {
  const forbidden = (group: string, resource: string) =>
    new KubeApiError(
      403,
      {
        code: 403,
        reason: 'Forbidden',
        message:
          `${resource}.${group} "w" is forbidden: User "system:serviceaccount:tmc-system:tmc-syncer-edge-1" ` +
          `cannot create resource "${resource}" in API group "${group}" in the namespace "shop"`,
      },
      'POST',
    );
  const widget = { kind: 'Widget', group: 'example.com' };
  const refused = failureMessage(forbidden('example.com', 'widgets'), widget);
  t.match(refused, /^the downstream API server refused the Widget: widgets.example.com "w" is forbidden: User/);
  t.match(refused, /in the namespace "shop"; grant the syncer this group: tmc bootstrap --custom-group example\.com$/);
  const webhook = new KubeApiError(403, { code: 403, message: 'admission webhook "v" denied the request' }, 'POST');
  t.notMatch(failureMessage(webhook, widget), /--custom-group/, 'a webhook refusal is not RBAC');
  const role = failureMessage(forbidden('rbac.authorization.k8s.io', 'roles'), {
    kind: 'Role',
    group: 'rbac.authorization.k8s.io',
  });
  t.notMatch(role, /--custom-group/, 'a built-in group is never granted whole');
  t.equal(failureMessage(new Error('socket hang up'), widget), 'socket hang up');
});
