// What `tmc server` serves with: HTTPS from --tls-cert-file/--tls-key-file, else HTTPS from
// its own certificate directory (<data-dir>/pki), or plain HTTP only when --insecure-http asks
// for it. Once listening, it writes <data-dir>/admin.kubeconfig for the address it serves.
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { resolveAdminTokens } from '../admin-token.js';
import type { ServerConfig } from '../config.js';
import { localServerUrl, writeAdminKubeconfig } from './admin-kubeconfig.js';
import { certDirPaths, ensureCertDir } from './cert-dir.js';
import { servingNames } from './names.js';

export interface ServingTls {
  cert: string | Buffer;
  key: string | Buffer;
  /** PEM of the CA that signed `cert`, when the server made it. */
  caPem?: string;
  /** What was made at this start (new CA, new serving certificate, and why). */
  made: string[];
}

/** The certificate and key to serve with, or null for plain HTTP. */
export function servingTls(config: ServerConfig, host = hostname()): ServingTls | null {
  if (config.insecureHttp) return null;
  if (config.tlsCertFile && config.tlsKeyFile) {
    return { cert: readFileSync(config.tlsCertFile), key: readFileSync(config.tlsKeyFile), made: [] };
  }
  const dir = ensureCertDir(config.dataDir, servingNames(host, config.bindAddress, config.tlsSans));
  return { cert: dir.serving.cert, key: dir.serving.key, caPem: dir.ca.cert, made: dir.made };
}

export function logServingTls(log: FastifyBaseLogger, tls: ServingTls | null): void {
  if (!tls) {
    log.warn(
      'serving plain HTTP (--insecure-http): tokens cross the network unencrypted ' + 'unless a TLS proxy is in front',
    );
    return;
  }
  for (const made of tls.made) log.info(`created ${made}`);
}

/** Writes the admin kubeconfig for the address the server listens on; answers its path. */
export function writeServerKubeconfig(
  config: ServerConfig,
  address: AddressInfo,
  tls: ServingTls | null,
  log: FastifyBaseLogger,
): string {
  // The tokens were read (or made) when the app loaded; read again without logging twice.
  const [token] = resolveAdminTokens(config, log.child({}, { level: 'silent' }));
  const server = localServerUrl(tls ? 'https' : 'http', config.bindAddress, address.port);
  const settings = { server, token: token!, ...(tls?.caPem ? { caPem: tls.caPem } : {}) };
  const path = resolve(writeAdminKubeconfig(config.dataDir, settings));
  log.info({ kubeconfig: path }, `admin kubeconfig: kubectl --kubeconfig ${path} get synctargets`);
  return path;
}

/**
 * The CA other replicas' --peer-url certificates are checked against: --peer-ca-file, else this
 * server's own CA (replicas behind one address share it), else the system's roots (undefined).
 */
export function peerTrust(config: ServerConfig): string | undefined {
  if (config.peerCaFile) return readFileSync(config.peerCaFile, 'utf8');
  const own = certDirPaths(config.dataDir).caCert;
  return config.insecureHttp || config.tlsCertFile || !existsSync(own) ? undefined : readFileSync(own, 'utf8');
}
