// The health interpreter on the pod controllers, shaped as a 1.35 cluster writes them: rolled
// out or not, as `kubectl rollout status` decides it.
import t from 'tap';
import { interpretHealth, type ObservedObject } from '../../../src/lib/health/index.js';

const at = '2026-12-04T09:00:00Z';
const deployment = (
  generation: number,
  spec: Record<string, unknown>,
  status: Record<string, unknown>,
): ObservedObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { generation },
  spec: { selector: { matchLabels: { app: 'web' } }, ...spec },
  status,
});
const available = {
  type: 'Available',
  status: 'True',
  reason: 'MinimumReplicasAvailable',
  lastUpdateTime: at,
  lastTransitionTime: at,
};
const progressingCondition = (reason: string) => ({
  type: 'Progressing',
  status: reason === 'ProgressDeadlineExceeded' ? 'False' : 'True',
  reason,
  message: `ReplicaSet "web-5d4f" ${reason}`,
});

t.test('Deployment', async (t) => {
  const done = {
    observedGeneration: 2,
    replicas: 3,
    updatedReplicas: 3,
    readyReplicas: 3,
    availableReplicas: 3,
    conditions: [available, progressingCondition('NewReplicaSetAvailable')],
  };
  t.same(interpretHealth(deployment(2, { replicas: 3 }, done)), {
    state: 'Healthy',
    reason: 'RolledOut',
    message: '3 of 3 replicas available',
  });
  t.match(
    interpretHealth(deployment(3, { replicas: 3 }, done)),
    { state: 'Progressing', reason: 'NotObserved' },
    'a new spec not yet seen by the controller',
  );
  t.match(interpretHealth(deployment(2, {}, {})), { state: 'Progressing', reason: 'NotObserved' }, 'no status yet');
  t.match(interpretHealth(deployment(2, { replicas: 3 }, { ...done, updatedReplicas: 1, replicas: 4 })), {
    state: 'Progressing',
    reason: 'Updating',
    message: '1 of 3 replicas updated',
  });
  t.match(interpretHealth(deployment(2, { replicas: 3 }, { ...done, replicas: 4 })), {
    state: 'Progressing',
    reason: 'Terminating',
  });
  t.match(interpretHealth(deployment(2, { replicas: 3 }, { ...done, availableReplicas: 2 })), {
    state: 'Progressing',
    reason: 'Starting',
    message: '2 of 3 updated replicas available',
  });
  t.match(
    interpretHealth(
      deployment(
        2,
        { replicas: 3 },
        { ...done, availableReplicas: 1, conditions: [progressingCondition('ProgressDeadlineExceeded')] },
      ),
    ),
    { state: 'Degraded', reason: 'ProgressDeadlineExceeded', message: /ProgressDeadlineExceeded/ },
  );
  t.match(
    interpretHealth(
      deployment(1, {}, { observedGeneration: 1, replicas: 1, updatedReplicas: 1, availableReplicas: 1 }),
    ),
    { state: 'Healthy' },
    'replicas defaults to 1',
  );
  t.match(
    interpretHealth(deployment(2, { replicas: 0 }, { observedGeneration: 2 })),
    { state: 'Healthy', reason: 'RolledOut' },
    'scaled to zero',
  );
});

t.test('StatefulSet', async (t) => {
  const sts = (spec: Record<string, unknown>, status: Record<string, unknown>): ObservedObject => ({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { generation: 1 },
    spec: { replicas: 2, serviceName: 'db', ...spec },
    status: { observedGeneration: 1, ...status },
  });
  const rolled = {
    replicas: 2,
    readyReplicas: 2,
    currentReplicas: 2,
    updatedReplicas: 2,
    availableReplicas: 2,
    currentRevision: 'db-7c9',
    updateRevision: 'db-7c9',
    collisionCount: 0,
  };
  t.match(interpretHealth(sts({}, rolled)), { state: 'Healthy', reason: 'RolledOut' });
  t.match(interpretHealth(sts({}, { ...rolled, readyReplicas: 1 })), {
    state: 'Progressing',
    reason: 'Starting',
    message: '1 of 2 replicas ready',
  });
  t.match(interpretHealth(sts({}, { ...rolled, updateRevision: 'db-8d0', updatedReplicas: 1 })), {
    state: 'Progressing',
    reason: 'Updating',
  });
  t.match(
    interpretHealth(
      sts(
        { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } },
        { ...rolled, updateRevision: 'db-8d0', updatedReplicas: 1 },
      ),
    ),
    { state: 'Healthy', reason: 'RolledOut', message: /partitioned/ },
    'a partitioned rollout is done once the pods above the partition are updated',
  );
  t.match(interpretHealth(sts({ updateStrategy: { type: 'OnDelete' } }, { ...rolled, updateRevision: 'db-8d0' })), {
    state: 'Healthy',
    reason: 'OnDelete',
  });
});

t.test('DaemonSet', async (t) => {
  const ds = (status: Record<string, unknown>): ObservedObject => ({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { generation: 4 },
    spec: {},
    status: { observedGeneration: 4, ...status },
  });
  const all = {
    currentNumberScheduled: 3,
    desiredNumberScheduled: 3,
    numberMisscheduled: 0,
    numberReady: 3,
    updatedNumberScheduled: 3,
    numberAvailable: 3,
  };
  t.match(interpretHealth(ds(all)), { state: 'Healthy', reason: 'RolledOut', message: '3 of 3 nodes available' });
  t.match(interpretHealth(ds({ ...all, updatedNumberScheduled: 2 })), { state: 'Progressing', reason: 'Updating' });
  t.match(interpretHealth(ds({ ...all, numberAvailable: 1, numberUnavailable: 2 })), {
    state: 'Progressing',
    reason: 'Starting',
  });
});
