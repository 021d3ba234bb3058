// Two real clusters at once for the multi-cluster e2e tests: the run's shared test cluster and a
// second one this file starts (its own etcd, apiserver, controller-manager, scheduler and kwok
// node, on its own ports and directory), each with its own real `tmc syncer` process, and one
// real `tmc server` whose heartbeat threshold is short enough for a failover to be seen.
import { join } from 'node:path';
import type { Test } from 'tap';
import type { E2ECluster } from '../cluster/e2e-env.js';
import { startCluster } from '../cluster/harness.js';
import { conditionOf } from '../helpers/agents.js';
import { runTmc } from '../helpers/server-process.js';
import {
  ControlPlane,
  type SyncerProcess,
  ST,
  downstream,
  startTargetSyncer,
  suffix,
  until,
} from './syncer-helpers.js';

export interface ClusterTarget {
  /** The SyncTarget's name. */
  name: string;
  kubeconfigPath: string;
  syncer: SyncerProcess;
  clients: ReturnType<typeof downstream>;
}

/** Heartbeats every second, NotReady after 4 s without one, workloads moved 2 s later. */
const FAST_FAILOVER = ['--heartbeat-interval', '1s', '--heartbeat-threshold', '4s', '--eviction-grace', '2s'];

/**
 * A control plane and two SyncTargets on two real clusters: `canary` (labels env=prod,
 * role=canary) on the shared cluster and `eu` (env=prod, region=eu) on a second one.
 */
export async function twoClusters(t: Test, shared: E2ECluster) {
  const second = await startCluster({ nodes: 1 });
  t.teardown(() => second.stop());
  const plane = await ControlPlane.start(t, { args: FAST_FAILOVER });
  const id = suffix();
  const start = async (role: string, labels: Record<string, string>, kubeconfigPath: string) => {
    const name = `${role}-${id}`;
    await plane.ok('POST', ST, {
      apiVersion: 'workload.kcp.io/v1alpha1',
      kind: 'SyncTarget',
      metadata: { name, labels },
    });
    const tokenFile = join(plane.dataDir, `${name}.agent-token`);
    await plane.rotateToken(name, tokenFile);
    const syncer = startTargetSyncer(t, name, plane.url, tokenFile, kubeconfigPath);
    return { name, kubeconfigPath, syncer, clients: downstream(kubeconfigPath) };
  };
  const [canary, eu] = await Promise.all([
    start('canary', { env: 'prod', role: 'canary' }, shared.kubeconfigPath),
    start('eu', { env: 'prod', region: 'eu' }, second.kubeconfigPath),
  ]);
  await Promise.all([canary.syncer.ready(), eu.syncer.ready()]);
  for (const target of [canary, eu]) {
    await until(
      `${target.name} Ready`,
      async () => conditionOf((await plane.call('GET', `${ST}/${target.name}`)).json, 'Ready')?.status === 'True',
    );
  }
  /** Runs the real `tmc` CLI against the plane as the admin. */
  const tmc = async (args: string[]) => {
    const run = runTmc([...args, '--server', plane.url, '--token', plane.adminToken]);
    const code = await run.exited;
    return { code, output: run.output() };
  };
  return { plane, canary, eu, tmc };
}

/** The first container's image of a Deployment downstream, or undefined when it is absent. */
export async function imageOn(target: ClusterTarget, ns: string, name: string): Promise<string | undefined> {
  const found = await target.clients.apps.readNamespacedDeployment({ name, namespace: ns }).catch(() => undefined);
  return found?.spec?.template?.spec?.containers?.[0]?.image;
}

/** Deletes the namespace on both clusters at teardown. */
export function cleanUp(t: Test, ns: string, targets: ClusterTarget[]): void {
  t.teardown(() =>
    Promise.all(targets.map((x) => x.clients.core.deleteNamespace({ name: ns }).catch(() => undefined))),
  );
}
