// kcp's command line for the test harness, and an admin of the harness's own: a static token
// that outlives a restart and a kubeconfig with it for the root workspace.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

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

export function writeTokenFile(dir: string): { tokenFile: string; token: string } {
  const token = randomBytes(24).toString('hex');
  const tokenFile = join(dir, 'tokens.csv');
  writeFileSync(tokenFile, `${token},${ADMIN_USER},${ADMIN_USER},"system:kcp:admin"\n`, { mode: 0o600 });
  return { tokenFile, token };
}

export interface Admin {
  kubeconfigPath: string;
  caFile: string;
  token: string;
}

/** Our own kubeconfig: kcp's CA (from the admin.kubeconfig kcp writes once it serves), 127.0.0.1,
 *  and the static admin token. */
export function writeAdminKubeconfig(dir: string, rootDir: string, server: string, token: string): Admin {
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
