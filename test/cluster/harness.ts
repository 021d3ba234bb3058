// A real Kubernetes control plane for tests: etcd, kube-apiserver, kube-controller-manager,
// kube-scheduler, and kwok playing kubelet for a few fake nodes. No containers: the
// binaries are built from Go modules (build.sh) and run as plain processes on 127.0.0.1.
//
//   const cluster = await startCluster()
//   ... use cluster.kubeconfigPath ...
//   await cluster.stop()
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as k8s from '@kubernetes/client-node';
import { apiClient } from './api.js';
import { ensureBinaries, kubernetesVersion } from './binaries.js';
import {
  apiserverArgs,
  controllerManagerArgs,
  etcdArgs,
  fakeNodeAnnotation,
  freePort,
  kwokArgs,
  schedulerArgs,
} from './components.js';
import { writeCredentials } from './credentials.js';
import { writeDebugging } from './debugging.js';
import { writeKubeconfig } from './kubeconfig.js';
import { killNow, readState, startProcess, stopProcesses, writeState, type ClusterState } from './processes.js';
import { apiserverReady, defaultServiceAccountExists, etcdHealthy, nodesReady, waitFor } from './wait.js';

export interface ClusterOptions {
  /** Number of fake nodes (default 3). */
  nodes?: number;
  /**
   * Keep the cluster running after this process exits (default false). When false, the
   * processes are killed if this process exits without calling stop().
   */
  detached?: boolean;
  /** Overall start timeout once binaries exist, in ms (default 120 s). */
  timeoutMs?: number;
  /** Progress messages, e.g. `(m) => process.stderr.write(m + '\n')`. */
  log?: (message: string) => void;
}

export interface Cluster {
  kubeconfigPath: string;
  /** The apiserver's URL, e.g. https://127.0.0.1:41234 */
  server: string;
  /** Temp dir with state.json, kubeconfigs, pki/, etcd data and logs/. */
  dir: string;
  kubernetesVersion: string;
  /** The log file every container shows (CRI format: append `criLogLine(...)`). */
  containerLog: string;
  stop(): Promise<void>;
}

export function fakeNodeNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `kwok-node-${i}`);
}

function fakeNode(name: string): k8s.V1Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: { [fakeNodeAnnotation]: 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        type: 'kwok',
      },
    },
    // No taints: ordinary pods must land on these nodes without tolerations.
    spec: {},
  };
}

export async function startCluster(opts: ClusterOptions = {}): Promise<Cluster> {
  const { nodes = 3, detached = false, timeoutMs = 120_000, log = () => undefined } = opts;
  // Building can take half an hour on a fresh machine; it is not part of the start timeout.
  const bin = await ensureBinaries();
  const dir = mkdtempSync(join(tmpdir(), 'tmc-cluster-'));
  const state: ClusterState = { dir, processes: [] };
  writeState(state);
  const onExit = (): void => {
    killNow(state.processes);
    rmSync(dir, { recursive: true, force: true });
  };
  if (!detached) process.on('exit', onExit);

  try {
    const started = Date.now();
    const step = (what: string): void => log(`${((Date.now() - started) / 1000).toFixed(1)}s ${what}`);
    const remaining = (): number => Math.max(1_000, timeoutMs - (Date.now() - started));
    const creds = writeCredentials(dir);
    const etcdPorts = { client: await freePort(), peer: await freePort() };
    startProcess(state, 'etcd', bin.etcd, etcdArgs(dir, etcdPorts));
    // Waiting here keeps the apiserver log free of connection-refused noise and makes a
    // failing etcd (say, a port taken meanwhile) show up as such.
    await waitFor('etcd /health', () => etcdHealthy(etcdPorts.client), {
      timeoutMs: remaining(),
      processes: state.processes,
    });
    step('etcd is healthy');

    const port = await freePort();
    const server = `https://127.0.0.1:${port}`;
    state.server = server;
    startProcess(state, 'kube-apiserver', bin['kube-apiserver'], apiserverArgs(etcdPorts.client, port, creds));
    const api = apiClient(server, creds.servingCert, creds.admin.token);
    await waitFor('kube-apiserver /readyz', () => apiserverReady(api), {
      timeoutMs: remaining(),
      processes: state.processes,
    });
    step('kube-apiserver is ready');

    const kubeconfig = (name: string, identity = creds.admin): string =>
      writeKubeconfig(join(dir, `${name}.kubeconfig`), { server, caFile: creds.servingCert, identity });
    const kubeconfigPath = kubeconfig('admin');
    state.kubeconfigPath = kubeconfigPath;
    writeState(state);

    const kcm = kubeconfig('kube-controller-manager', creds.controllerManager);
    startProcess(state, 'kube-controller-manager', bin['kube-controller-manager'], controllerManagerArgs(kcm, creds));
    const sched = kubeconfig('kube-scheduler', creds.scheduler);
    startProcess(state, 'kube-scheduler', bin['kube-scheduler'], schedulerArgs(sched));
    // HOME points into the temp dir so kwok does not pick up a ~/.kwok/kwok.yaml of the user.
    const debugging = writeDebugging(dir);
    const kubelet = { port: await freePort(), certDir: creds.servingCertDir, config: debugging.config };
    startProcess(state, 'kwok', bin.kwok, kwokArgs(kubeconfigPath, kubelet), { env: { ...process.env, HOME: dir } });

    const names = fakeNodeNames(nodes);
    for (const name of names) await api.post('/api/v1/nodes', fakeNode(name));
    await waitFor(`nodes ${names.join(', ')} Ready and untainted`, () => nodesReady(api, names), {
      timeoutMs: remaining(),
      processes: state.processes,
    });
    step('fake nodes are Ready');
    await waitFor('the default service account', () => defaultServiceAccountExists(api), {
      timeoutMs: remaining(),
      processes: state.processes,
    });
    step('default service account exists');

    return {
      kubeconfigPath,
      server,
      dir,
      kubernetesVersion: kubernetesVersion(),
      containerLog: debugging.containerLog,
      stop: async () => {
        process.off('exit', onExit);
        await stopClusterByDir(dir);
      },
    };
  } catch (err) {
    const logs = state.processes.map((p) => `  ${p.name}: ${p.log}`).join('\n');
    process.stderr.write(`test cluster failed to start; component logs (kept):\n${logs}\n`);
    process.off('exit', onExit);
    // Stop the processes but keep the dir, so the logs printed above can still be read.
    await stopProcesses(state.processes).catch(() => undefined);
    throw err;
  }
}

/**
 * Stops every process recorded in <dir>/state.json and removes the dir. Safe to call
 * more than once and on a dir whose processes are already gone.
 */
export async function stopClusterByDir(dir: string): Promise<void> {
  const state = readState(dir);
  if (state) await stopProcesses(state.processes);
  rmSync(dir, { recursive: true, force: true });
}
