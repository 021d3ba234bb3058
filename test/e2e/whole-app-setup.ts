// The whole application's set-up for whole-app.test.ts: a control plane on one store, a
// SyncTarget with its agent token, someone else's ServiceAccount made downstream first, every
// object of the application with a Placement of its workloads, and a syncer for the target.
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import type { Test } from 'tap';
import type { e2eCluster } from '../cluster/e2e-env.js';
import { freshDatabase } from '../helpers/postgres.js';
import { ControlPlane, downstream, ST, startTargetSyncer, suffix } from './syncer-helpers.js';
import { KIND_OF, objectPath, wholeApp, workloadsPlacement } from './whole-app-objects.js';

export const SECRET_VALUE = 'whole-app-plaintext-7f3c';

export async function wholeAppWorld(t: Test, cluster: NonNullable<ReturnType<typeof e2eCluster>>, store: string) {
  const ns = `whole-app-${suffix()}`;
  const target = `whole-${suffix()}`;
  const { core } = downstream(cluster.kubeconfigPath);
  t.teardown(() =>
    core.deleteNamespace({ name: ns }).then(
      () => undefined,
      () => undefined,
    ),
  );

  const databaseUrl = store === 'postgres' ? await freshDatabase(t) : undefined;
  const plane = await ControlPlane.start(t, { args: databaseUrl ? ['--database-url', databaseUrl] : [] });
  await plane.ok('POST', ST, {
    apiVersion: 'workload.kcp.io/v1alpha1',
    kind: 'SyncTarget',
    metadata: { name: target },
    spec: {},
  });
  const tokenFile = join(plane.dataDir, `${target}.agent-token`);
  await plane.rotateToken(target, tokenFile);

  // Someone else's ServiceAccount, made downstream before anything is placed.
  await core.createNamespace({ body: { metadata: { name: ns } } });
  const foreign = await core.createNamespacedServiceAccount({
    namespace: ns,
    body: { metadata: { name: 'theirs' } },
  });

  const path = (apiVersion: string, plural: string, name = '') => objectPath(ns, apiVersion, plural, name);
  const objects = wholeApp(SECRET_VALUE, 'theirs');
  const kindOf = KIND_OF;
  for (const [apiVersion, plural, body] of objects) await plane.ok('POST', path(apiVersion, plural), body);
  await plane.ok('POST', `/apis/scheduling.kcp.io/v1alpha1/namespaces/${ns}/placements`, workloadsPlacement(target));
  const syncer = startTargetSyncer(t, target, plane.url, tokenFile, cluster.kubeconfigPath);
  await syncer.ready();

  const entry = async (apiVersion: string, plural: string, name: string) => {
    const { json } = await plane.call('GET', path(apiVersion, plural, name));
    return json?.status?.syncTargets?.find((e: { name: string }) => e.name === target);
  };
  const objectApi = k8s.KubernetesObjectApi.makeApiClient(downstream(cluster.kubeconfigPath).kc);
  const readDown = (apiVersion: string, plural: string, name: string): Promise<any> =>
    objectApi.read({ apiVersion, kind: kindOf[plural]!, metadata: { name, namespace: ns } }).then(
      (o) => o,
      () => undefined,
    );
  return { ns, target, core, plane, databaseUrl, foreign, path, objects, entry, readDown };
}
