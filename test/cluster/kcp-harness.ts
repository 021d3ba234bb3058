import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiClient } from './api.js';
import { freePort } from './components.js';
import { stopClusterByDir } from './harness.js';
import { ensureKcpBinary, kcpVersion } from './kcp-binaries.js';
import {
  killNow,
  startProcess,
  stopProcesses,
  writeState,
  type ClusterState,
  type ProcessRecord,
} from './processes.js';
import { waitFor } from './wait.js';
import { type Admin, type KcpPorts, kcpArgs, writeAdminKubeconfig, writeTokenFile } from './kcp-admin.js';

export { type KcpPorts, kcpArgs } from './kcp-admin.js';

export interface KcpOptions {
  /** Keep kcp running after this process exits (default false). */
  detached?: boolean;
  /** Start timeout once the binary exists, in ms (default 180 s). */
  timeoutMs?: number;
  log?: (message: string) => void;
}

export interface KcpServer {
  /** An admin (group system:kcp:admin) in the root workspace: https://127.0.0.1:<port>/clusters/root. */
  kubeconfigPath: string;
  /** kcp's base URL, without a workspace path: https://127.0.0.1:<port> */
  server: string;
  /** PEM file of the CA that signed kcp's serving certificate. */
  caFile: string;
  /** Temp dir with state.json, the kubeconfig, kcp's root directory (root/) and logs/. */
  dir: string;
  version: string;
  /** Stops kcp; its root directory (etcd data, certificates, tokens) stays. */
  stopKcp(): Promise<void>;
  /** Starts kcp again on the same ports and data and waits until it serves. */
  startKcp(): Promise<void>;
  /** Stops kcp and removes the temp dir. */
  stop(): Promise<void>;
}

export async function startKcp(opts: KcpOptions = {}): Promise<KcpServer> {
  const { detached = false, timeoutMs = 180_000, log = () => undefined } = opts;
  // A cold build takes many minutes; it is not part of the start timeout.
  const bin = await ensureKcpBinary();
  const dir = mkdtempSync(join(tmpdir(), 'tmc-kcp-'));
  const rootDir = join(dir, 'root');
  const state: ClusterState = { dir, processes: [] };
  writeState(state);
  const onExit = (): void => {
    killNow(state.processes);
    rmSync(dir, { recursive: true, force: true });
  };
  if (!detached) process.on('exit', onExit);

  try {
    const ports: KcpPorts = { secure: await freePort(), etcdClient: await freePort(), etcdPeer: await freePort() };
    const server = `https://127.0.0.1:${ports.secure}`;
    const { tokenFile, token } = writeTokenFile(dir);
    state.server = server;
    let kcp: ProcessRecord | undefined;
    let admin: Admin | undefined;
    const startKcpProcess = async (): Promise<void> => {
      const started = Date.now();
      kcp = startProcess(state, 'kcp', bin, kcpArgs(rootDir, ports, tokenFile));
      const wait = { timeoutMs, processes: state.processes, intervalMs: 500 };
      // kcp writes admin.kubeconfig once it serves; on a restart the file is already there.
      await waitFor(
        'kcp /readyz',
        async () => {
          admin ??= writeAdminKubeconfig(dir, rootDir, server, token);
          return (await apiClient(server, admin.caFile, admin.token).get<string>('/readyz')) === 'ok';
        },
        wait,
      );
      const api = apiClient(server, admin!.caFile, admin!.token);
      // The Workspace API (a 404 for a while after /readyz, under load) and the batteries'
      // WorkspaceTypes: before them a Workspace of type organization is refused.
      await waitFor(
        'the Workspace API and the organization and team WorkspaceTypes',
        async () => {
          await api.get('/clusters/root/apis/tenancy.kcp.io/v1alpha1/workspaces');
          for (const type of ['organization', 'team']) {
            await api.get(`/clusters/root/apis/tenancy.kcp.io/v1alpha1/workspacetypes/${type}`);
          }
          return true;
        },
        wait,
      );
      log(`${((Date.now() - started) / 1000).toFixed(1)}s kcp serves at ${server}`);
    };
    const stopKcp = async (): Promise<void> => {
      if (!kcp) return;
      await stopProcesses([kcp]);
      state.processes = state.processes.filter((p) => p !== kcp);
      writeState(state);
      kcp = undefined;
    };
    await startKcpProcess();
    state.kubeconfigPath = admin!.kubeconfigPath;
    writeState(state);
    return {
      kubeconfigPath: admin!.kubeconfigPath,
      server,
      caFile: admin!.caFile,
      dir,
      version: kcpVersion(),
      stopKcp,
      startKcp: startKcpProcess,
      stop: async () => {
        process.off('exit', onExit);
        await stopClusterByDir(dir);
      },
    };
  } catch (err) {
    const logs = state.processes.map((p) => `  ${p.name}: ${p.log}`).join('\n');
    process.stderr.write(`kcp failed to start; its log (kept):\n${logs}\n`);
    process.off('exit', onExit);
    await stopProcesses(state.processes).catch(() => undefined);
    throw err;
  }
}
