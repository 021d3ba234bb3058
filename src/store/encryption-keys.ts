// The encryption key file: one key per line, `<name>:<base64 of 32 random bytes>`, as the keys
// of kube-apiserver's aesgcm provider. The first key seals new writes; every key opens what it
// sealed, so a rotation puts a new key first, re-encrypts (`tmc encryption rewrite`), then drops
// the old one. Like the admin token file it must be the owner's alone, and errors name the file
// and line, never a key.
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../config.js';
import { makePrivateDir } from '../lib/private-files.js';
import type { EncryptionKey } from './secret-cipher.js';

export const DEFAULT_KEY_FILE = 'encryption.key';
const KEY_NAME = /^[A-Za-z0-9._-]{1,64}$/;
const HEADER =
  '# tmc Secret encryption keys (AES-256-GCM), one per line as <name>:<base64 of 32 bytes>.\n' +
  '# The first key encrypts; every key decrypts. Keep this file: without it no Secret can be read.\n';

/** A new key line, named after the time it was made so a rotation's keys sort and differ. */
export function newKeyLine(now = new Date()): string {
  const name = `key-${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}`;
  return `${name}:${randomBytes(32).toString('base64')}`;
}

export function parseKeyFile(path: string, text: string): EncryptionKey[] {
  const keys: EncryptionKey[] = [];
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const where = `line ${index + 1} of the encryption key file ${path}`;
    const colon = line.indexOf(':');
    const name = line.slice(0, colon);
    if (colon < 0 || !KEY_NAME.test(name)) {
      throw new ConfigError(`${where}: expected <name>:<base64 key>, the name of letters, digits, '.', '_' or '-'`);
    }
    const secret = Buffer.from(line.slice(colon + 1), 'base64');
    if (secret.length !== 32) throw new ConfigError(`${where}: the key of "${name}" must be 32 bytes, base64-encoded`);
    if (keys.some((k) => k.name === name)) throw new ConfigError(`${where}: the key name "${name}" is used twice`);
    keys.push({ name, secret });
  }
  if (keys.length === 0) throw new ConfigError(`the encryption key file ${path} holds no key`);
  return keys;
}

export function readKeyFile(path: string): EncryptionKey[] {
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    const octal = mode.toString(8).padStart(4, '0');
    throw new ConfigError(`the encryption key file ${path} is open to other users (mode ${octal}): chmod 600 it`);
  }
  return parseKeyFile(path, readFileSync(path, 'utf8'));
}

export interface KeySource {
  dataDir: string;
  encryptionKeyFile?: string;
}

/**
 * The keys of --encryption-key-file, or of <data-dir>/encryption.key, which is created (0600)
 * with one new key on the first start. A file named by the flag must exist: a mistyped path
 * must not start the server with a new key that opens none of the stored Secrets.
 */
export function loadEncryptionKeys(source: KeySource): { keys: EncryptionKey[]; path: string; created: boolean } {
  const given = source.encryptionKeyFile;
  if (given) return { keys: readKeyFile(given), path: given, created: false };
  const path = join(source.dataDir, DEFAULT_KEY_FILE);
  try {
    return { keys: readKeyFile(path), path, created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  makePrivateDir(source.dataDir);
  writeFileSync(path, `${HEADER}${newKeyLine()}\n`, { mode: 0o600, flag: 'wx' });
  return { keys: readKeyFile(path), path, created: true };
}
