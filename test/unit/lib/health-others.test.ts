// The health interpreter on the kinds that are not pod controllers, shaped as a 1.35 cluster
// writes them: Jobs that end, CronJobs that schedule, Services and Ingresses that get
// addresses, claims that bind, quotas the cluster enforces, and "exists" for everything else.
import t from 'tap';
import { bodyValidator } from '../../../src/api/http/ajv.js';
import { interpretHealth, type ObservedObject } from '../../../src/lib/health/index.js';
import { Health } from '../../../src/schemas/health.js';

const at = '2026-12-04T09:00:00Z';

t.test('Job and CronJob', async (t) => {
  const job = (status: Record<string, unknown>): ObservedObject => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { generation: 1 },
    spec: { completions: 1 },
    status,
  });
  t.match(interpretHealth(job({ startTime: at, active: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} })), {
    state: 'Progressing',
    reason: 'Running',
    message: '1 pods active, 0 succeeded',
  });
  t.match(
    interpretHealth(
      job({
        succeeded: 1,
        completionTime: at,
        conditions: [
          { type: 'SuccessCriteriaMet', status: 'True', lastProbeTime: at, lastTransitionTime: at },
          { type: 'Complete', status: 'True', lastProbeTime: at, lastTransitionTime: at },
        ],
      }),
    ),
    { state: 'Healthy', reason: 'Complete' },
  );
  t.same(
    interpretHealth(
      job({
        failed: 7,
        conditions: [
          {
            type: 'FailureTarget',
            status: 'True',
            reason: 'BackoffLimitExceeded',
            message: 'Job has reached the specified backoff limit',
          },
          {
            type: 'Failed',
            status: 'True',
            reason: 'BackoffLimitExceeded',
            message: 'Job has reached the specified backoff limit',
          },
        ],
      }),
    ),
    { state: 'Degraded', reason: 'Failed', message: 'Job has reached the specified backoff limit' },
  );
  t.match(
    interpretHealth(job({ conditions: [{ type: 'Complete', status: 'False' }] })),
    { state: 'Progressing' },
    'a False condition is not an end',
  );
  const cron = (spec: Record<string, unknown>, status: Record<string, unknown>): ObservedObject => ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { generation: 1 },
    spec: { schedule: '*/5 * * * *', ...spec },
    status,
  });
  t.same(interpretHealth(cron({}, {})), {
    state: 'Healthy',
    reason: 'NotScheduledYet',
    message: 'no Job scheduled yet',
  });
  t.same(interpretHealth(cron({}, { lastScheduleTime: at, lastSuccessfulTime: at, active: [] })), {
    state: 'Healthy',
    reason: 'Scheduled',
    message: `last scheduled at ${at}, last succeeded at ${at}`,
  });
  t.match(interpretHealth(cron({ suspend: true }, { lastScheduleTime: at })), { reason: 'Suspended' });
});

t.test('Service, PersistentVolumeClaim, Ingress', async (t) => {
  const svc = (
    spec: Record<string, unknown>,
    status: Record<string, unknown> = { loadBalancer: {} },
  ): ObservedObject => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {},
    spec: { ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }], ...spec },
    status,
  });
  t.same(interpretHealth(svc({ type: 'ClusterIP', clusterIP: '10.0.0.17', clusterIPs: ['10.0.0.17'] })), {
    state: 'Healthy',
    reason: 'ClusterIP',
    message: 'cluster IP 10.0.0.17',
  });
  t.match(interpretHealth(svc({ type: 'ClusterIP', clusterIP: 'None' })), { state: 'Healthy', reason: 'Headless' });
  t.match(interpretHealth(svc({ type: 'ClusterIP' })), { state: 'Progressing', reason: 'NoClusterIP' });
  t.match(interpretHealth(svc({ type: 'LoadBalancer', clusterIP: '10.0.0.18' })), {
    state: 'Progressing',
    reason: 'NoLoadBalancer',
  });
  t.match(
    interpretHealth(
      svc(
        { type: 'LoadBalancer', clusterIP: '10.0.0.18' },
        { loadBalancer: { ingress: [{ ip: '203.0.113.7', ipMode: 'VIP' }] } },
      ),
    ),
    { state: 'Healthy' },
  );
  t.match(interpretHealth(svc({ type: 'ExternalName', externalName: 'db.example.com' })), {
    state: 'Healthy',
    reason: 'ExternalName',
  });

  const pvc = (phase?: string): ObservedObject => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {},
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '1Gi' } },
      volumeMode: 'Filesystem',
      ...(phase === 'Bound' ? { volumeName: 'pvc-0b1c' } : {}),
    },
    status: phase
      ? { phase, ...(phase === 'Bound' ? { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] } : {}) }
      : {},
  });
  t.same(interpretHealth(pvc('Bound')), { state: 'Healthy', reason: 'Bound', message: 'bound to pvc-0b1c' });
  t.match(interpretHealth(pvc('Pending')), { state: 'Progressing', reason: 'Pending' });
  t.match(interpretHealth(pvc('Lost')), { state: 'Degraded', reason: 'Lost' });
  t.match(interpretHealth(pvc()), { state: 'Unknown' });

  const ingress = (status: Record<string, unknown>): ObservedObject => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { generation: 1 },
    spec: { rules: [{ host: 'shop.example' }] },
    status,
  });
  t.match(interpretHealth(ingress({ loadBalancer: {} })), { state: 'Progressing', reason: 'NoAddress' });
  t.same(interpretHealth(ingress({ loadBalancer: { ingress: [{ hostname: 'lb.example' }] } })), {
    state: 'Healthy',
    reason: 'Address',
    message: 'reachable at lb.example',
  });
});

t.test('ResourceQuota: enforced once the quota controller has taken up every limit', async (t) => {
  const quota = (status?: Record<string, unknown>): ObservedObject => ({
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: {},
    spec: { hard: { pods: '10', 'requests.cpu': '2' } },
    ...(status ? { status } : {}),
  });
  t.match(interpretHealth(quota()), { state: 'Progressing', reason: 'NotEnforced' });
  t.match(interpretHealth(quota({ hard: { pods: '10' } })), { state: 'Progressing' }, 'one limit not taken up');
  t.match(
    interpretHealth(quota({ hard: { pods: '5', 'requests.cpu': '2' } })),
    { state: 'Progressing' },
    'an old limit',
  );
  const enforced = quota({ hard: { pods: '10', 'requests.cpu': '2000m' }, used: { pods: '0', 'requests.cpu': '0' } });
  t.match(interpretHealth(enforced), { state: 'Healthy', reason: 'Enforced' }, 'the same quantity written another way');
});

t.test('everything else exists; anything being deleted is on its way out; verdicts fit the schema', async (t) => {
  const config: ObservedObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} };
  t.same(interpretHealth(config), { state: 'Healthy', reason: 'Exists', message: 'present in the cluster' });
  t.match(
    interpretHealth({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { generation: 1 },
      status: { currentHealthy: 0 },
    }),
    { reason: 'Exists' },
  );
  t.match(interpretHealth({ ...config, metadata: { deletionTimestamp: at } }), {
    state: 'Progressing',
    reason: 'Terminating',
  });
  t.match(
    interpretHealth({ apiVersion: 'example.com/v1', kind: 'Deployment', metadata: {} }),
    { reason: 'Exists' },
    'a Deployment of another group is not apps',
  );
  const validate = bodyValidator(Health);
  const unobserved = interpretHealth({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { generation: 1 } });
  for (const verdict of [interpretHealth(config), unobserved]) {
    t.ok(validate(structuredClone(verdict)), JSON.stringify(validate.errors));
  }
});
