// Smoke test of the e2e test cluster itself: a Deployment must really roll out on it.
// If this fails, every other e2e failure is suspect.
import t from 'tap';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import * as k8s from '@kubernetes/client-node';
import { e2eCluster } from '../cluster/e2e-env.js';

const cluster = e2eCluster(t);
if (cluster) {
  t.setTimeout(180_000);
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const apps = kc.makeApiClient(k8s.AppsV1Api);

  t.test('the apiserver reports a real Kubernetes version', async (t) => {
    const info = await kc.makeApiClient(k8s.VersionApi).getCode();
    t.match(info.gitVersion, /^v1\.\d+\.\d+$/);
  });

  t.test('at least one node is Ready', async (t) => {
    const nodes = await core.listNode();
    const ready = nodes.items.filter((n) =>
      n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
    );
    t.ok(ready.length >= 1, `Ready nodes: ${ready.map((n) => n.metadata?.name).join(', ')}`);
  });

  t.test('a Deployment with 2 replicas becomes Available', async (t) => {
    // A namespace of its own keeps the shared cluster clean for other test files.
    const namespace = `smoke-${randomBytes(4).toString('hex')}`;
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    t.teardown(() => core.deleteNamespace({ name: namespace }).then(() => undefined));

    const labels = { app: 'web' };
    await apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: 'web', labels },
        spec: {
          replicas: 2,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: { containers: [{ name: 'web', image: 'registry.example/web:1' }] },
          },
        },
      },
    });

    let deployment: k8s.V1Deployment | undefined;
    const available = (d?: k8s.V1Deployment): boolean =>
      d?.status?.availableReplicas === 2 &&
      (d.status.conditions ?? []).some((c) => c.type === 'Available' && c.status === 'True');
    const deadline = Date.now() + 90_000;
    while (!available(deployment) && Date.now() < deadline) {
      await sleep(500);
      deployment = await apps.readNamespacedDeployment({ name: 'web', namespace });
    }
    t.equal(deployment?.status?.availableReplicas, 2, 'availableReplicas');
    const condition = deployment?.status?.conditions?.find((c) => c.type === 'Available');
    t.equal(condition?.status, 'True', 'Available condition');

    const pods = await core.listNamespacedPod({ namespace, labelSelector: 'app=web' });
    t.equal(pods.items.length, 2, 'two pods');
    for (const pod of pods.items) {
      t.equal(pod.status?.phase, 'Running', `${pod.metadata?.name} is Running`);
      t.match(pod.spec?.nodeName, /^kwok-node-/, `${pod.metadata?.name} is bound to a fake node`);
    }
  });
}
