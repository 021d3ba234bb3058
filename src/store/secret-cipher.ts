// Secrets at rest: AES-256-GCM as kube-apiserver's aesgcm provider does it. A stored Secret
// keeps in the clear only what the store itself reads (apiVersion, kind, and metadata without
// annotations: kubectl's last-applied annotation holds the whole Secret); everything else (data
// with stringData folded in, type, annotations, any other field) is one sealed value
//   k8s:enc:aesgcm:v1:<key name>:<base64 of nonce | ciphertext | tag>
// with a random 12-byte nonce per write, authenticated together with the object's kind,
// namespace and name so a sealed value copied onto another row does not open.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { HELD_ITEM_KIND } from '../schemas/change-hold.js';
import type { KubeObject } from '../schemas/meta.js';

export const SECRET_KIND = 'Secret';
/** Kinds whose stored rows may hold a sealed value: Secrets, and the held feed copies of Secrets. */
const SEALING_KINDS = new Set([SECRET_KIND, HELD_ITEM_KIND]);
/** Whether an object is sealed on write: a Secret, or a held feed copy of one. */
const seals = (object: KubeObject): boolean =>
  object.kind === SECRET_KIND ||
  (object.kind === HELD_ITEM_KIND && (object.item as { kind?: string } | undefined)?.kind === SECRET_KIND);
/** The field of a stored Secret that holds the sealed value. */
export const SEALED_FIELD = 'encrypted';
const PREFIX = 'k8s:enc:aesgcm:v1:';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export interface EncryptionKey {
  /** Names the key in every value it sealed, so rotation knows which key opens it. */
  name: string;
  /** 32 bytes. */
  secret: Buffer;
}

export class SecretCipherError extends Error {}

const associatedData = (object: KubeObject): Buffer =>
  Buffer.from(`${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name ?? ''}`);

/** Kubernetes folds stringData into data on write, and so does the store: stringData is never kept. */
export function foldStringData(rest: Record<string, unknown>): Record<string, unknown> {
  const { stringData, ...others } = rest;
  if (!stringData || typeof stringData !== 'object') return others;
  const folded = Object.fromEntries(
    Object.entries(stringData as Record<string, string>).map(([k, v]) => [
      k,
      Buffer.from(String(v)).toString('base64'),
    ]),
  );
  return { ...others, data: { ...((others.data as Record<string, string> | undefined) ?? {}), ...folded } };
}

export class SecretCipher {
  private readonly byName: Map<string, Buffer>;

  /** The first key seals; every key opens. */
  constructor(private readonly keys: EncryptionKey[]) {
    if (keys.length === 0) throw new SecretCipherError('no encryption key');
    for (const key of keys) {
      if (key.secret.length !== 32) throw new SecretCipherError(`encryption key "${key.name}" is not 32 bytes long`);
    }
    this.byName = new Map(keys.map((k) => [k.name, k.secret]));
  }

  get primaryKeyName(): string {
    return this.keys[0]!.name;
  }

  seal(object: KubeObject): KubeObject {
    if (!seals(object)) return object;
    const { apiVersion, kind, metadata, [SEALED_FIELD]: _sealed, ...rest } = object;
    const { annotations, ...clearMetadata } = metadata;
    const payload = { ...foldStringData(rest), ...(annotations ? { annotations } : {}) };
    const key = this.keys[0]!;
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key.secret, nonce);
    cipher.setAAD(associatedData(object));
    const body = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
    const sealed = Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64');
    return { apiVersion, kind, metadata: clearMetadata, [SEALED_FIELD]: `${PREFIX}${key.name}:${sealed}` };
  }

  /** The Secret as it was written; a Secret stored before encryption (no sealed value) as it is. */
  open(object: KubeObject): KubeObject {
    if (!SEALING_KINDS.has(object.kind)) return object;
    const sealed = object[SEALED_FIELD];
    if (typeof sealed !== 'string') return object;
    const { [SEALED_FIELD]: _sealed, ...clear } = object;
    const payload = JSON.parse(this.decrypt(sealed, object).toString('utf8')) as Record<string, unknown>;
    const { annotations, ...rest } = payload;
    const metadata = annotations
      ? { ...clear.metadata, annotations: annotations as Record<string, string> }
      : clear.metadata;
    return { ...clear, ...rest, metadata };
  }

  /** The name of the key that sealed a stored Secret; undefined when it is not sealed. */
  keyNameOf(object: KubeObject): string | undefined {
    const sealed = object[SEALED_FIELD];
    if (!SEALING_KINDS.has(object.kind) || typeof sealed !== 'string' || !sealed.startsWith(PREFIX)) return undefined;
    return sealed.slice(PREFIX.length, sealed.indexOf(':', PREFIX.length));
  }

  hasKey(name: string): boolean {
    return this.byName.has(name);
  }

  /** Whether a stored Secret is not sealed with the first key (rotation rewrites those). */
  isStale(object: KubeObject): boolean {
    if (!SEALING_KINDS.has(object.kind)) return false;
    const sealed = object[SEALED_FIELD];
    // A held copy of anything but a Secret is never sealed.
    if (object.kind === HELD_ITEM_KIND && typeof sealed !== 'string') return false;
    return typeof sealed !== 'string' || !sealed.startsWith(`${PREFIX}${this.primaryKeyName}:`);
  }

  private decrypt(sealed: string, object: KubeObject): Buffer {
    const where = `${object.kind} ${object.metadata.namespace ?? ''}/${object.metadata.name ?? ''}`;
    if (!sealed.startsWith(PREFIX)) {
      throw new SecretCipherError(`${where}: the stored value is not sealed by a known provider`);
    }
    const rest = sealed.slice(PREFIX.length);
    const colon = rest.indexOf(':');
    const name = rest.slice(0, colon);
    const secret = this.byName.get(name);
    if (colon < 0 || !secret) {
      throw new SecretCipherError(`${where}: sealed with encryption key "${name}", which is not in the key file`);
    }
    const bytes = Buffer.from(rest.slice(colon + 1), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', secret, bytes.subarray(0, NONCE_BYTES));
    decipher.setAAD(associatedData(object));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    try {
      const body = bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES);
      return Buffer.concat([decipher.update(body), decipher.final()]);
    } catch {
      throw new SecretCipherError(`${where}: the sealed value does not open with encryption key "${name}"`);
    }
  }
}
