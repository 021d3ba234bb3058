// <data-dir>/admin.kubeconfig, as kcp writes .kcp/admin.kubeconfig: the server's address, the
// CA that signed its certificate and an admin token, so `kubectl --kubeconfig` and `tmc login
// --kubeconfig` work with nothing else. It holds a token: written 0600, and only its path is logged.
import { chmodSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { makePrivateDir } from '../lib/private-files.js';

export const ADMIN_KUBECONFIG = 'admin.kubeconfig';
const NAME = 'tmc';

export interface AdminKubeconfig {
  server: string;
  token: string;
  /** PEM of the CA to trust; absent for plain HTTP or a certificate the system's CAs verify. */
  caPem?: string;
}

/** The URL clients on this machine reach the server at: a wildcard bind address means loopback. */
export function localServerUrl(protocol: 'http' | 'https', bindAddress: string, port: number): string {
  const host = bindAddress === '0.0.0.0' || bindAddress === '::' || bindAddress === '' ? '127.0.0.1' : bindAddress;
  return `${protocol}://${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}

export function adminKubeconfigText(settings: AdminKubeconfig): string {
  const cluster: Record<string, string> = { server: settings.server };
  if (settings.caPem) cluster['certificate-authority-data'] = Buffer.from(settings.caPem, 'utf8').toString('base64');
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: NAME, cluster }],
    users: [{ name: 'admin', user: { token: settings.token } }],
    contexts: [{ name: NAME, context: { cluster: NAME, user: 'admin', namespace: 'default' } }],
    'current-context': NAME,
  });
}

/** Writes the file whole and owner-only, whatever was there before; answers its path. */
export function writeAdminKubeconfig(dataDir: string, settings: AdminKubeconfig): string {
  makePrivateDir(dataDir);
  const path = join(dataDir, ADMIN_KUBECONFIG);
  const temporary = `${path}.tmp`;
  rmSync(temporary, { force: true }); // a leftover may be open to others: start afresh
  writeFileSync(temporary, adminKubeconfigText(settings), { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
  return path;
}
