// A CRD-based application on two real clusters (two-clusters.ts): a CustomResourceDefinition
// applied to tmc, a custom resource of it placed on both SyncTargets and an Override that gives
// the `eu` cluster its own size. Each syncer applies the definition first, waits until its real
// apiserver has Established it, then applies the object; the objects differ exactly by the
// Override, their state comes back into tmc, and deleting the object removes it downstream while
// the definition stays (deleting a definition would delete every object of its kind there).
import * as k8s from '@kubernetes/client-node';
import t from 'tap';
import { e2eCluster } from '../cluster/e2e-env.js';
import { ST, suffix, until } from './syncer-helpers.js';
import { type ClusterTarget, cleanUp, twoClusters } from './two-clusters.js';

const cluster = e2eCluster(t);
if (cluster) {
  t.setTimeout(600_000);
  const { plane, canary, eu } = await twoClusters(t, cluster);
  const id = suffix();
  const ns = `crd-${id}`;
  // A group of this run's own: the shared cluster serves other files' tests meanwhile.
  const group = `shop-${id}.example.com`;
  const crdName = `gateways.${group}`;
  cleanUp(t, ns, [canary, eu]);
  const extensions = (target: ClusterTarget) => target.clients.kc.makeApiClient(k8s.ApiextensionsV1Api);
  const objects = (target: ClusterTarget) => target.clients.kc.makeApiClient(k8s.CustomObjectsApi);
  t.teardown(() =>
    Promise.all(
      [canary, eu].map((x) =>
        extensions(x)
          .deleteCustomResourceDefinition({ name: crdName })
          .catch(() => 0),
      ),
    ),
  );

  await plane.ok('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: crdName },
    spec: {
      group,
      scope: 'Namespaced',
      names: { kind: 'Gateway', plural: 'gateways', singular: 'gateway' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  properties: { replicas: { type: 'integer', minimum: 1 }, tier: { type: 'string', default: 'edge' } },
                },
              },
            },
          },
        },
      ],
    },
  });
  const path = `/apis/${group}/v1/namespaces/${ns}/gateways`;
  await until('gateways served by tmc', async () => (await plane.call('GET', path)).status === 200);
  await plane.ok('POST', path, {
    apiVersion: `${group}/v1`,
    kind: 'Gateway',
    metadata: { name: 'front', labels: { app: 'shop' } },
    spec: { replicas: 2 },
  });
  await plane.ok('POST', `/apis/scheduling.kcp.io/v1alpha1/namespaces/${ns}/placements`, {
    apiVersion: 'scheduling.kcp.io/v1alpha1',
    kind: 'Placement',
    metadata: { name: 'shop' },
    spec: {
      syncTargetSelector: { matchLabels: { env: 'prod' } },
      resourceSelectors: [
        { apiVersion: `${group}/v1`, kind: 'Gateway', labelSelector: { matchLabels: { app: 'shop' } } },
      ],
    },
  });
  await plane.ok('POST', `/apis/scheduling.kcp.io/v1alpha1/namespaces/${ns}/overrides`, {
    apiVersion: 'scheduling.kcp.io/v1alpha1',
    kind: 'Override',
    metadata: { name: 'eu-size' },
    spec: {
      resourceSelectors: [{ apiVersion: `${group}/v1`, kind: 'Gateway', names: ['front'] }],
      targetSelector: { matchLabels: { region: 'eu' } },
      changes: [{ op: 'replace', path: '/spec/replicas', value: 5 }],
    },
  });

  const gatewayOn = (target: ClusterTarget) =>
    objects(target)
      .getNamespacedCustomObject({ group, version: 'v1', namespace: ns, plural: 'gateways', name: 'front' })
      .catch(() => undefined) as Promise<{ spec?: { replicas?: number; tier?: string } } | undefined>;
  const established = async (target: ClusterTarget) => {
    const crd = await extensions(target)
      .readCustomResourceDefinition({ name: crdName })
      .catch(() => undefined);
    return crd?.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ?? false;
  };

  t.test('the definition, then the object, on both real clusters; eu has its own size', async (t) => {
    for (const [target, replicas] of [
      [canary, 2],
      [eu, 5],
    ] as const) {
      const gateway = await until(`the Gateway on ${target.name}`, () => gatewayOn(target), 120_000).catch(
        async (error) => {
          const { json } = await plane.call('GET', `${path}/front`);
          t.comment(`in tmc: ${JSON.stringify(json)}`);
          const feed = await plane.call('GET', `${ST}/${target.name}/objects`);
          t.comment(`feed: ${JSON.stringify(feed.json).slice(0, 3000)}`);
          throw error;
        },
      );
      t.ok(await established(target), `${target.name}: the definition is Established`);
      t.same(gateway.spec, { replicas, tier: 'edge' }, `${target.name}: as placed, with the Override on eu only`);
    }
    const entries = await until('both reports in tmc', async () => {
      const { json } = await plane.call('GET', `${path}/front`);
      const found = json?.status?.syncTargets ?? [];
      return found.length === 2 && found.every((e: { state: string }) => e.state === 'Applied') && found;
    });
    for (const entry of entries) t.match(entry, { state: 'Applied', health: { state: 'Healthy', reason: 'Exists' } });
  });

  t.test('deleting the object removes it downstream; the definition stays', async (t) => {
    await plane.ok('DELETE', `${path}/front`);
    for (const target of [canary, eu]) {
      await until(`the Gateway gone from ${target.name}`, async () => (await gatewayOn(target)) === undefined);
      t.ok(await established(target), `${target.name}: the definition is kept (deletionPolicy Orphan)`);
    }
  });
}
