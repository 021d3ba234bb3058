// A real kcp for tests: `kcp start` with its embedded etcd, a root directory of its own and
// every port on 127.0.0.1, as one plain process (no containers). The binary is built from Go
// modules by build-kcp.sh. kcp can be stopped and started again on the same ports and data,
// as a kcp restart does.
//
//   const kcp = await startKcp()
//   ... kcp.kubeconfigPath (the admin, in the root workspace) ...
//   await kcp.stop()
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
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

export interface KcpPorts {
  secure: number;
  etcdClient: number;
  etcdPeer: number;
}

export function kcpArgs(rootDir: string, ports: KcpPorts, tokenFile: string): string[] {
  return [
    'start',
    `--root-directory=${rootDir}`,
    '--bind-address=127.0.0.1',
    `--secure-port=${ports.secure}`,
    // The embedded etcd listens on localhost only; the ports keep runs side by side apart.
    `--embedded-etcd-client-port=${ports.etcdClient}`,
    `--embedded-etcd-peer-port=${ports.etcdPeer}`,
    // The organization and team WorkspaceTypes, and admin.kubeconfig in the root directory.
    '--batteries-included=workspace-types,admin',
    // kcp's own kcp-admin token is new on every start; this one outlives a restart.
    `--token-auth-file=${tokenFile}`,
  ];
}

interface KcpKubeconfig {
  clusters: { name: string; cluster: { 'certificate-authority-data': string } }[];
}

/** An admin of its own: a static token in system:kcp:admin, the group of kcp's kcp-admin. */
const ADMIN_USER = 'tmc-e2e-admin';

function writeTokenFile(dir: string): { tokenFile: string; token: string } {
  const token = randomBytes(24).toString('hex');
  const tokenFile = join(dir, 'tokens.csv');
  writeFileSync(tokenFile, `${token},${ADMIN_USER},${ADMIN_USER},"system:kcp:admin"\n`, { mode: 0o600 });
  return { tokenFile, token };
}

interface Admin {
  kubeconfigPath: string;
  caFile: string;
  token: string;
}

/** Our own kubeconfig: kcp's CA (from the admin.kubeconfig kcp writes once it serves), 127.0.0.1,
 *  and the static admin token. */
function writeAdminKubeconfig(dir: string, rootDir: string, server: string, token: string): Admin {
  const written = parse(readFileSync(join(rootDir, 'admin.kubeconfig'), 'utf8')) as KcpKubeconfig;
  const ca = written.clusters.find((c) => c.name === 'root')?.cluster['certificate-authority-data'];
  if (!ca) throw new Error(`kcp's ${rootDir}/admin.kubeconfig has no root cluster`);
  const caFile = join(dir, 'kcp-ca.crt');
  writeFileSync(caFile, Buffer.from(ca, 'base64'));
  const q = (s: string): string => JSON.stringify(s);
  const kubeconfig = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: "root"',
    '  cluster:',
    `    server: ${q(`${server}/clusters/root`)}`,
    `    certificate-authority-data: ${q(ca)}`,
    'users:',
    `- name: ${q(ADMIN_USER)}`,
    '  user:',
    `    token: ${q(token)}`,
    'contexts:',
    '- name: "root"',
    '  context:',
    '    cluster: "root"',
    `    user: ${q(ADMIN_USER)}`,
    'current-context: "root"',
    '',
  ].join('\n');
  const kubeconfigPath = join(dir, 'admin.kubeconfig');
  writeFileSync(kubeconfigPath, kubeconfig, { mode: 0o600 });
  return { kubeconfigPath, caFile, token };
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
