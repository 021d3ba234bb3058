// The server's certificate directory, <data-dir>/pki, as kube-apiserver keeps its --cert-dir:
// a CA (ca.crt, ca.key) made once and kept, since agents and kubeconfigs trust it, and a
// serving certificate (serving.crt, serving.key) made again when the names it must cover change
// or its end draws near. Keys are 0600 in a 0700 directory; every file is written whole
// (a temporary file renamed), the certificate after its key, so a crash leaves no half pair.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../config.js';
import { makePrivateDir } from '../lib/private-files.js';
import { type KeyPair, createCa, createServingCert } from './certificates.js';
import { type SubjectAltNames, namesOf, sameNames } from './names.js';

export const PKI_DIR = 'pki';
export const CA_COMMON_NAME = 'tmc-ca';
/** A certificate this close to its end is replaced at start-up. */
export const RENEW_BEFORE_MS = 30 * 24 * 60 * 60 * 1000;

export interface CertDirPaths {
  dir: string;
  caCert: string;
  caKey: string;
  servingCert: string;
  servingKey: string;
}

export interface CertDir {
  paths: CertDirPaths;
  ca: KeyPair;
  serving: KeyPair;
  /** What was made at this start, for the log: nothing when both were reused. */
  made: string[];
}

export function certDirPaths(dataDir: string): CertDirPaths {
  const dir = join(dataDir, PKI_DIR);
  return {
    dir,
    caCert: join(dir, 'ca.crt'),
    caKey: join(dir, 'ca.key'),
    servingCert: join(dir, 'serving.crt'),
    servingKey: join(dir, 'serving.key'),
  };
}

function writeWhole(path: string, text: string, mode: number): void {
  const temporary = `${path}.tmp`;
  rmSync(temporary, { force: true }); // a leftover may be open to others: start afresh
  writeFileSync(temporary, text, { mode });
  chmodSync(temporary, mode); // writeFileSync's mode goes through the umask
  renameSync(temporary, path);
}

function read(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/** The certificate and whether `key` is its private key; throws on what is not PEM. */
function parse(pair: KeyPair): { cert: X509Certificate; matches: boolean } {
  const cert = new X509Certificate(pair.cert);
  return { cert, matches: cert.checkPrivateKey(createPrivateKey(pair.key)) };
}

const endsSoon = (cert: X509Certificate, now: Date): boolean =>
  new Date(cert.validTo).getTime() - now.getTime() < RENEW_BEFORE_MS;

/**
 * The kept CA, or undefined when there is none yet (or it ends soon). A broken one is an
 * error, never replaced silently.
 */
function keptCa(paths: CertDirPaths, now: Date): KeyPair | undefined {
  const cert = read(paths.caCert);
  const key = read(paths.caKey);
  if (cert === undefined || key === undefined) return undefined;
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse({ cert, key });
  } catch (error) {
    throw new ConfigError(
      `${paths.caCert} or ${paths.caKey} cannot be read (${(error as Error).message}): ` +
        `restore them, or remove ${paths.dir} to make a new CA that agents and kubeconfigs must then be given`,
    );
  }
  if (!parsed.cert.ca || !parsed.matches) {
    throw new ConfigError(
      `${paths.caKey} is not the key of the CA in ${paths.caCert}: restore them, or remove ${paths.dir}`,
    );
  }
  return endsSoon(parsed.cert, now) ? undefined : { cert, key };
}

/** Why the kept serving certificate cannot stay, or undefined when it can. */
function servingProblem(
  serving: KeyPair | undefined,
  ca: KeyPair,
  names: SubjectAltNames,
  now: Date,
): string | undefined {
  if (serving === undefined) return 'none yet';
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(serving);
  } catch {
    return 'unreadable';
  }
  if (!parsed.matches) return 'its key does not match';
  const caCert = new X509Certificate(ca.cert);
  if (!parsed.cert.checkIssued(caCert) || !parsed.cert.verify(caCert.publicKey)) return 'not signed by the CA';
  if (!sameNames(namesOf(parsed.cert.subjectAltName), names)) return 'the names it must cover changed';
  if (endsSoon(parsed.cert, now)) return `it ends ${parsed.cert.validTo}`;
  return undefined;
}

export function ensureCertDir(dataDir: string, names: SubjectAltNames, now = new Date()): CertDir {
  const paths = certDirPaths(dataDir);
  makePrivateDir(paths.dir);
  if ((statSync(paths.dir).mode & 0o077) !== 0) chmodSync(paths.dir, 0o700);
  const made: string[] = [];
  let ca = keptCa(paths, now);
  if (!ca) {
    ca = createCa(CA_COMMON_NAME, now);
    writeWhole(paths.caKey, ca.key, 0o600);
    writeWhole(paths.caCert, ca.cert, 0o644);
    made.push(`a new CA in ${paths.caCert}`);
  }
  const servingKey = read(paths.servingKey);
  const servingCert = read(paths.servingCert);
  const kept =
    servingKey !== undefined && servingCert !== undefined ? { cert: servingCert, key: servingKey } : undefined;
  const problem = servingProblem(kept, ca, names, now);
  if (problem === undefined) return { paths, ca, serving: kept!, made };
  const serving = createServingCert(ca, names, now);
  writeWhole(paths.servingKey, serving.key, 0o600);
  writeWhole(paths.servingCert, serving.cert, 0o644);
  made.push(`a new serving certificate in ${paths.servingCert} (${problem})`);
  return { paths, ca, serving, made };
}
