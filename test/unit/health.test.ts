// The health interpreter on objects shaped as a 1.35 cluster writes them: rolled out or not for
// the pod controllers, Jobs that end, CronJobs that schedule, Services and Ingresses that get
// addresses, claims that bind, and "exists" for everything else.
import t from 'tap';
import { bodyValidator } from '../../src/api/ajv.js';
import { interpretHealth, type ObservedObject } from '../../src/lib/health/index.js';
import { Health } from '../../src/schemas/health.js';

const at = '2026-12-04T09:00:00Z';
const deployment = (generation: number, spec: Record<string, unknown>, status: Record<string, unknown>): ObservedObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { generation }, spec: { selector: { matchLabels: { app: 'web' } }, ...spec }, status,
});
const available = { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', lastUpdateTime: at, lastTransitionTime: at };
const progressingCondition = (reason: string) => ({ type: 'Progressing', status: reason === 'ProgressDeadlineExceeded' ? 'False' : 'True', reason, message: `ReplicaSet "web-5d4f" ${reason}` });

t.test('Deployment', async (t) => {
  const done = { observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, conditions: [available, progressingCondition('NewReplicaSetAvailable')] };
  t.same(interpretHealth(deployment(2, { replicas: 3 }, done)), { state: 'Healthy', reason: 'RolledOut', message: '3 of 3 replicas available' });
  t.match(interpretHealth(deployment(3, { replicas: 3 }, done)), { state: 'Progressing', reason: 'NotObserved' }, 'a new spec not yet seen by the controller');
  t.match(interpretHealth(deployment(2, {}, {})), { state: 'Progressing', reason: 'NotObserved' }, 'no status yet');
  t.match(interpretHealth(deployment(2, { replicas: 3 }, { ...done, updatedReplicas: 1, replicas: 4 })), { state: 'Progressing', reason: 'Updating', message: '1 of 3 replicas updated' });
  t.match(interpretHealth(deployment(2, { replicas: 3 }, { ...done, replicas: 4 })), { state: 'Progressing', reason: 'Terminating' });
  t.match(interpretHealth(deployment(2, { replicas: 3 }, { ...done, availableReplicas: 2 })), { state: 'Progressing', reason: 'Starting', message: '2 of 3 updated replicas available' });
  t.match(interpretHealth(deployment(2, { replicas: 3 }, { ...done, availableReplicas: 1, conditions: [progressingCondition('ProgressDeadlineExceeded')] })),
    { state: 'Degraded', reason: 'ProgressDeadlineExceeded', message: /ProgressDeadlineExceeded/ });
  t.match(interpretHealth(deployment(1, {}, { observedGeneration: 1, replicas: 1, updatedReplicas: 1, availableReplicas: 1 })), { state: 'Healthy' }, 'replicas defaults to 1');
  t.match(interpretHealth(deployment(2, { replicas: 0 }, { observedGeneration: 2 })), { state: 'Healthy', reason: 'RolledOut' }, 'scaled to zero');
});

t.test('StatefulSet', async (t) => {
  const sts = (spec: Record<string, unknown>, status: Record<string, unknown>): ObservedObject =>
    ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { generation: 1 }, spec: { replicas: 2, serviceName: 'db', ...spec }, status: { observedGeneration: 1, ...status } });
  const rolled = { replicas: 2, readyReplicas: 2, currentReplicas: 2, updatedReplicas: 2, availableReplicas: 2, currentRevision: 'db-7c9', updateRevision: 'db-7c9', collisionCount: 0 };
  t.match(interpretHealth(sts({}, rolled)), { state: 'Healthy', reason: 'RolledOut' });
  t.match(interpretHealth(sts({}, { ...rolled, readyReplicas: 1 })), { state: 'Progressing', reason: 'Starting', message: '1 of 2 replicas ready' });
  t.match(interpretHealth(sts({}, { ...rolled, updateRevision: 'db-8d0', updatedReplicas: 1 })), { state: 'Progressing', reason: 'Updating' });
  t.match(interpretHealth(sts({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } }, { ...rolled, updateRevision: 'db-8d0', updatedReplicas: 1 })),
    { state: 'Healthy', reason: 'RolledOut', message: /partitioned/ }, 'a partitioned rollout is done once the pods above the partition are updated');
  t.match(interpretHealth(sts({ updateStrategy: { type: 'OnDelete' } }, { ...rolled, updateRevision: 'db-8d0' })), { state: 'Healthy', reason: 'OnDelete' });
});

t.test('DaemonSet', async (t) => {
  const ds = (status: Record<string, unknown>): ObservedObject => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { generation: 4 }, spec: {}, status: { observedGeneration: 4, ...status } });
  const all = { currentNumberScheduled: 3, desiredNumberScheduled: 3, numberMisscheduled: 0, numberReady: 3, updatedNumberScheduled: 3, numberAvailable: 3 };
  t.match(interpretHealth(ds(all)), { state: 'Healthy', reason: 'RolledOut', message: '3 of 3 nodes available' });
  t.match(interpretHealth(ds({ ...all, updatedNumberScheduled: 2 })), { state: 'Progressing', reason: 'Updating' });
  t.match(interpretHealth(ds({ ...all, numberAvailable: 1, numberUnavailable: 2 })), { state: 'Progressing', reason: 'Starting' });
});

t.test('Job and CronJob', async (t) => {
  const job = (status: Record<string, unknown>): ObservedObject => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { generation: 1 }, spec: { completions: 1 }, status });
  t.match(interpretHealth(job({ startTime: at, active: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} })), { state: 'Progressing', reason: 'Running', message: '1 pods active, 0 succeeded' });
  t.match(interpretHealth(job({ succeeded: 1, completionTime: at, conditions: [
    { type: 'SuccessCriteriaMet', status: 'True', lastProbeTime: at, lastTransitionTime: at },
    { type: 'Complete', status: 'True', lastProbeTime: at, lastTransitionTime: at },
  ] })), { state: 'Healthy', reason: 'Complete' });
  t.same(interpretHealth(job({ failed: 7, conditions: [
    { type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
    { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
  ] })), { state: 'Degraded', reason: 'Failed', message: 'Job has reached the specified backoff limit' });
  t.match(interpretHealth(job({ conditions: [{ type: 'Complete', status: 'False' }] })), { state: 'Progressing' }, 'a False condition is not an end');
  const cron = (spec: Record<string, unknown>, status: Record<string, unknown>): ObservedObject =>
    ({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { generation: 1 }, spec: { schedule: '*/5 * * * *', ...spec }, status });
  t.same(interpretHealth(cron({}, {})), { state: 'Healthy', reason: 'NotScheduledYet', message: 'no Job scheduled yet' });
  t.same(interpretHealth(cron({}, { lastScheduleTime: at, lastSuccessfulTime: at, active: [] })),
    { state: 'Healthy', reason: 'Scheduled', message: `last scheduled at ${at}, last succeeded at ${at}` });
  t.match(interpretHealth(cron({ suspend: true }, { lastScheduleTime: at })), { reason: 'Suspended' });
});

t.test('Service, PersistentVolumeClaim, Ingress', async (t) => {
  const svc = (spec: Record<string, unknown>, status: Record<string, unknown> = { loadBalancer: {} }): ObservedObject =>
    ({ apiVersion: 'v1', kind: 'Service', metadata: {}, spec: { ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }], ...spec }, status });
  t.same(interpretHealth(svc({ type: 'ClusterIP', clusterIP: '10.0.0.17', clusterIPs: ['10.0.0.17'] })), { state: 'Healthy', reason: 'ClusterIP', message: 'cluster IP 10.0.0.17' });
  t.match(interpretHealth(svc({ type: 'ClusterIP', clusterIP: 'None' })), { state: 'Healthy', reason: 'Headless' });
  t.match(interpretHealth(svc({ type: 'ClusterIP' })), { state: 'Progressing', reason: 'NoClusterIP' });
  t.match(interpretHealth(svc({ type: 'LoadBalancer', clusterIP: '10.0.0.18' })), { state: 'Progressing', reason: 'NoLoadBalancer' });
  t.match(interpretHealth(svc({ type: 'LoadBalancer', clusterIP: '10.0.0.18' }, { loadBalancer: { ingress: [{ ip: '203.0.113.7', ipMode: 'VIP' }] } })), { state: 'Healthy' });
  t.match(interpretHealth(svc({ type: 'ExternalName', externalName: 'db.example.com' })), { state: 'Healthy', reason: 'ExternalName' });

  const pvc = (phase?: string): ObservedObject => ({
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: {},
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem', ...(phase === 'Bound' ? { volumeName: 'pvc-0b1c' } : {}) },
    status: phase ? { phase, ...(phase === 'Bound' ? { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] } : {}) } : {},
  });
  t.same(interpretHealth(pvc('Bound')), { state: 'Healthy', reason: 'Bound', message: 'bound to pvc-0b1c' });
  t.match(interpretHealth(pvc('Pending')), { state: 'Progressing', reason: 'Pending' });
  t.match(interpretHealth(pvc('Lost')), { state: 'Degraded', reason: 'Lost' });
  t.match(interpretHealth(pvc()), { state: 'Unknown' });

  const ingress = (status: Record<string, unknown>): ObservedObject =>
    ({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { generation: 1 }, spec: { rules: [{ host: 'shop.example' }] }, status });
  t.match(interpretHealth(ingress({ loadBalancer: {} })), { state: 'Progressing', reason: 'NoAddress' });
  t.same(interpretHealth(ingress({ loadBalancer: { ingress: [{ hostname: 'lb.example' }] } })), { state: 'Healthy', reason: 'Address', message: 'reachable at lb.example' });
});

t.test('everything else exists; anything being deleted is on its way out; verdicts fit the schema', async (t) => {
  const config: ObservedObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} };
  t.same(interpretHealth(config), { state: 'Healthy', reason: 'Exists', message: 'present in the cluster' });
  t.match(interpretHealth({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { generation: 1 }, status: { currentHealthy: 0 } }), { reason: 'Exists' });
  t.match(interpretHealth({ ...config, metadata: { deletionTimestamp: at } }), { state: 'Progressing', reason: 'Terminating' });
  t.match(interpretHealth({ apiVersion: 'example.com/v1', kind: 'Deployment', metadata: {} }), { reason: 'Exists' }, 'a Deployment of another group is not apps');
  const validate = bodyValidator(Health);
  for (const verdict of [interpretHealth(config), interpretHealth(deployment(1, {}, {}))]) t.ok(validate(structuredClone(verdict)), JSON.stringify(validate.errors));
});
