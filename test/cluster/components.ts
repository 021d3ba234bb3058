// Command lines of the cluster's components. Everything listens on 127.0.0.1 only.
import { readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { clusterSourceDir } from './binaries.js';
import type { Credentials } from './credentials.js';

/** Asks the kernel for a free loopback port. Another process could take it before we bind
 *  it, but on a test machine that race is rare and a failed start says so in the log. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => {
        if (addr && typeof addr === 'object') resolve(addr.port);
        else reject(new Error('no port assigned'));
      });
    });
  });
}

export interface EtcdPorts {
  client: number;
  peer: number;
}

export function etcdArgs(dir: string, ports: EtcdPorts): string[] {
  const client = `http://127.0.0.1:${ports.client}`;
  const peer = `http://127.0.0.1:${ports.peer}`;
  return [
    '--name=tmc-test',
    `--data-dir=${join(dir, 'etcd')}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=tmc-test=${peer}`,
    // Test data is thrown away anyway; skipping fsync makes writes much faster.
    '--unsafe-no-fsync',
    // Info: a stop says why only at this level (the log is a file, read when the cluster fails).
    '--log-level=info',
  ];
}

export function apiserverArgs(etcdClientPort: number, port: number, creds: Credentials): string[] {
  return [
    `--etcd-servers=http://127.0.0.1:${etcdClientPort}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${port}`,
    // Self-signed serving cert for 127.0.0.1 and localhost; clients trust the file itself.
    `--cert-dir=${creds.servingCertDir}`,
    `--token-auth-file=${creds.tokenFile}`,
    '--authorization-mode=RBAC',
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${creds.serviceAccountPub}`,
    `--service-account-signing-key-file=${creds.serviceAccountKey}`,
    '--service-cluster-ip-range=10.96.0.0/16',
    // The `kubernetes` Service's endpoints would have to be 127.0.0.1, which Endpoints
    // validation rejects; nothing in the tests dials the service from inside anyway.
    '--endpoint-reconciler-type=none',
    '--allow-privileged=true',
    // Fake nodes are reached at their InternalIP (127.0.0.1), where kwok serves logs and exec; it
    // has no client-certificate check, and its serving certificate is the apiserver's own.
    '--kubelet-preferred-address-types=InternalIP',
    '--profiling=false',
  ];
}

export function controllerManagerArgs(kubeconfig: string, creds: Credentials): string[] {
  return [
    `--kubeconfig=${kubeconfig}`,
    // No serving endpoint is needed: readiness is judged by what the controllers do.
    '--secure-port=0',
    '--leader-elect=false',
    // Each controller gets its own service account token, as on a kubeadm cluster, so the
    // controller-manager user needs only the permissions bootstrap RBAC gives it.
    '--use-service-account-credentials=true',
    `--service-account-private-key-file=${creds.serviceAccountKey}`,
    `--root-ca-file=${creds.servingCert}`,
    '--cluster-name=tmc-test',
    // Look at node status every 2s (default 5s) so new nodes lose their not-ready taint soon.
    '--node-monitor-period=2s',
  ];
}

export function schedulerArgs(kubeconfig: string): string[] {
  return [`--kubeconfig=${kubeconfig}`, '--secure-port=0', '--leader-elect=false'];
}

export const fakeNodeAnnotation = 'kwok.x-k8s.io/node';

/** Where kwok serves the fake nodes' kubelet endpoints (logs, exec), with the apiserver's own serving pair. */
export interface KubeletServing {
  port: number;
  certDir: string;
  config: string;
}

export function kwokArgs(adminKubeconfig: string, kubelet: KubeletServing): string[] {
  const stagesDir = join(clusterSourceDir, 'stages');
  const stages = readdirSync(stagesDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => `--config=${join(stagesDir, f)}`);
  return [
    `--kubeconfig=${adminKubeconfig}`,
    ...stages,
    // Only the nodes this harness creates are faked; a real node would be left alone.
    `--manage-nodes-with-annotation-selector=${fakeNodeAnnotation}=fake`,
    // kwok renews node leases like a kubelet, so nodes stay Ready between heartbeats.
    '--node-lease-duration-seconds=40',
    // Addresses that only appear in node and pod status; nothing connects to them.
    '--node-ip=127.0.0.1',
    '--cidr=10.244.0.0/16',
    // The node's kubelet port: the apiserver proxies pods/log and pods/exec there.
    `--node-port=${kubelet.port}`,
    `--server-address=127.0.0.1:${kubelet.port}`,
    `--tls-cert-file=${join(kubelet.certDir, 'apiserver.crt')}`,
    `--tls-private-key-file=${join(kubelet.certDir, 'apiserver.key')}`,
    `--config=${kubelet.config}`,
  ];
}
