// Credentials for the test cluster, generated fresh for every cluster.
//
// Node's crypto can make keys but not X.509 certificates, so:
// - the apiserver makes its own self-signed serving certificate (--cert-dir) and clients
//   trust that file;
// - clients authenticate with bearer tokens from a static token file. The admin is in
//   system:masters; kube-controller-manager and kube-scheduler use the user names that the
//   apiserver's bootstrap RBAC policy already grants their permissions to;
// - service-account tokens are signed with an RSA key pair made here.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ClientIdentity {
  user: string;
  token: string;
}

export interface Credentials {
  dir: string;
  /** For --token-auth-file. */
  tokenFile: string;
  /** RSA private key: --service-account-signing-key-file and KCM's private key file. */
  serviceAccountKey: string;
  /** RSA public key: --service-account-key-file. */
  serviceAccountPub: string;
  /** Where the apiserver writes its self-signed serving cert (--cert-dir). */
  servingCertDir: string;
  /** The serving certificate plus its CA, written by the apiserver at start. */
  servingCert: string;
  admin: ClientIdentity;
  controllerManager: ClientIdentity;
  scheduler: ClientIdentity;
}

const token = (): string => randomBytes(24).toString('hex');

export function writeCredentials(clusterDir: string): Credentials {
  const dir = join(clusterDir, 'pki');
  const servingCertDir = join(dir, 'apiserver');
  mkdirSync(servingCertDir, { recursive: true, mode: 0o700 });

  const admin = { user: 'tmc-admin', token: token() };
  const controllerManager = { user: 'system:kube-controller-manager', token: token() };
  const scheduler = { user: 'system:kube-scheduler', token: token() };
  // Format: token,user,uid,"group1,group2"
  const tokenFile = join(dir, 'tokens.csv');
  writeFileSync(
    tokenFile,
    `${[
      `${admin.token},${admin.user},tmc-admin,"system:masters"`,
      `${controllerManager.token},${controllerManager.user},kube-controller-manager`,
      `${scheduler.token},${scheduler.user},kube-scheduler`,
    ].join('\n')}\n`,
    { mode: 0o600 },
  );

  // PKCS#1 "RSA PRIVATE KEY" is the form every Kubernetes component parses.
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  const serviceAccountKey = join(dir, 'sa.key');
  const serviceAccountPub = join(dir, 'sa.pub');
  writeFileSync(serviceAccountKey, privateKey, { mode: 0o600 });
  writeFileSync(serviceAccountPub, publicKey);

  return {
    dir,
    tokenFile,
    serviceAccountKey,
    serviceAccountPub,
    servingCertDir,
    servingCert: join(servingCertDir, 'apiserver.crt'),
    admin,
    controllerManager,
    scheduler,
  };
}
