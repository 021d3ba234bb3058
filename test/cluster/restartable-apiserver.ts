// A bare control plane for tests that take the API server away: etcd and kube-apiserver only
// (no controllers, no nodes), where the apiserver can be stopped and started again on the same
// port with the same certificate and etcd data, as when kcp restarts.
//
//   const api = await startRestartableApiserver()
//   await api.stopApiserver(); ...; await api.startApiserver()
//   await api.stop()
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiClient } from './api.js';
import { ensureBinaries } from './binaries.js';
import { apiserverArgs, etcdArgs, freePort } from './components.js';
import { writeCredentials } from './credentials.js';
import { stopClusterByDir } from './harness.js';
import { writeKubeconfig } from './kubeconfig.js';
import {
  killNow,
  startProcess,
  stopProcesses,
  writeState,
  type ClusterState,
  type ProcessRecord,
} from './processes.js';
import { apiserverReady, etcdHealthy, waitFor } from './wait.js';

export interface RestartableApiserver {
  kubeconfigPath: string;
  server: string;
  /** Stops kube-apiserver only; etcd keeps the data. */
  stopApiserver(): Promise<void>;
  /** Starts kube-apiserver again (same port, certificate and data) and waits until it is ready. */
  startApiserver(): Promise<void>;
  /** Stops everything and removes the temp dir. */
  stop(): Promise<void>;
}

export async function startRestartableApiserver(timeoutMs = 120_000): Promise<RestartableApiserver> {
  const bin = await ensureBinaries();
  const dir = mkdtempSync(join(tmpdir(), 'tmc-apiserver-'));
  const state: ClusterState = { dir, processes: [] };
  writeState(state);
  const onExit = (): void => {
    killNow(state.processes);
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', onExit);
  try {
    const creds = writeCredentials(dir);
    const etcdPorts = { client: await freePort(), peer: await freePort() };
    startProcess(state, 'etcd', bin.etcd, etcdArgs(dir, etcdPorts));
    await waitFor('etcd /health', () => etcdHealthy(etcdPorts.client), { timeoutMs, processes: state.processes });

    const port = await freePort();
    const server = `https://127.0.0.1:${port}`;
    const api = apiClient(server, creds.servingCert, creds.admin.token);
    let apiserver: ProcessRecord | undefined;
    const startApiserver = async (): Promise<void> => {
      apiserver = startProcess(
        state,
        'kube-apiserver',
        bin['kube-apiserver'],
        apiserverArgs(etcdPorts.client, port, creds),
      );
      await waitFor('kube-apiserver /readyz', () => apiserverReady(api), { timeoutMs, processes: state.processes });
    };
    const stopApiserver = async (): Promise<void> => {
      if (!apiserver) return;
      await stopProcesses([apiserver]);
      state.processes = state.processes.filter((p) => p !== apiserver);
      writeState(state);
      apiserver = undefined;
    };
    await startApiserver();
    const kubeconfigPath = writeKubeconfig(join(dir, 'admin.kubeconfig'), {
      server,
      caFile: creds.servingCert,
      identity: creds.admin,
    });
    return {
      kubeconfigPath,
      server,
      startApiserver,
      stopApiserver,
      stop: async () => {
        process.off('exit', onExit);
        await stopClusterByDir(dir);
      },
    };
  } catch (err) {
    process.off('exit', onExit);
    await stopProcesses(state.processes).catch(() => undefined);
    throw err;
  }
}
