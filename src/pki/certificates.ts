// Making the server's own CA and serving certificate, as kube-apiserver does in its --cert-dir.
// Keys are RSA 2048 made by Node's crypto (native, fast); node-forge only builds and signs
// the X.509 structures, which Node's crypto cannot.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';
import type { SubjectAltNames } from './names.js';

export interface KeyPair {
  /** PEM of the certificate. */
  cert: string;
  /** PEM (PKCS#8) of its private key. */
  key: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
export const CA_VALIDITY_DAYS = 10 * 365;
export const SERVING_VALIDITY_DAYS = 365;
/** Clients whose clocks run a little behind still accept a certificate made a moment ago. */
const BACKDATE_MS = 60 * 60 * 1000;

function newKey(): { pem: string; forgeKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  // PKCS#8, the form Node, Go (kubectl) and node-forge all read.
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(pem);
  return { pem, forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e) };
}

/** A positive 128-bit serial: unique without any record of the ones issued before. */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

function baseCertificate(
  publicKey: forge.pki.rsa.PublicKey,
  commonName: string,
  days: number,
  now: Date,
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(now.getTime() - BACKDATE_MS);
  cert.validity.notAfter = new Date(now.getTime() + days * DAY_MS);
  cert.setSubject([{ name: 'commonName', value: commonName }]);
  return cert;
}

/** A self-signed CA that may sign server certificates and nothing below them. */
export function createCa(commonName: string, now = new Date()): KeyPair {
  const key = newKey();
  const cert = baseCertificate(key.publicKey, commonName, CA_VALIDITY_DAYS, now);
  cert.setIssuer(cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(key.forgeKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: key.pem };
}

/** A server certificate for `names`, signed by `ca`. */
export function createServingCert(ca: KeyPair, names: SubjectAltNames, now = new Date()): KeyPair {
  const caCert = forge.pki.certificateFromPem(ca.cert);
  const caKey = forge.pki.privateKeyFromPem(ca.key);
  const key = newKey();
  const cert = baseCertificate(key.publicKey, names.dns[0] ?? names.ips[0] ?? 'tmc', SERVING_VALIDITY_DAYS, now);
  cert.setIssuer(caCert.subject.attributes);
  const altNames = [...names.dns.map((value) => ({ type: 2, value })), ...names.ips.map((ip) => ({ type: 7, ip }))];
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: key.pem };
}
