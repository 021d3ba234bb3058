// Where admin tokens come from: TMC_ADMIN_TOKEN, --admin-token-file, or, when neither is
// configured, a random token the server creates once in its data directory (mode 0600).
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { ServerConfig } from './config.js';

export const GENERATED_TOKEN_FILE = 'admin-token';

export const newToken = (): string => randomBytes(32).toString('base64url');

/** One token per non-empty line, so a file can hold a new token beside the old during rotation. */
function readTokenFile(path: string): string[] {
  const tokens = readFileSync(path, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l.length > 0 && !l.startsWith('#'));
  if (tokens.length === 0) throw new Error(`the admin token file ${path} holds no token: put one token per line in it`);
  return tokens;
}

export function resolveAdminTokens(config: ServerConfig, log: FastifyBaseLogger): string[] {
  if (config.adminToken) return [config.adminToken];
  if (config.adminTokenFile) return readTokenFile(config.adminTokenFile);
  const path = resolve(join(config.dataDir, GENERATED_TOKEN_FILE));
  try {
    const tokens = readTokenFile(path);
    log.info({ adminTokenFile: path }, `admin token: read it from ${path}`);
    return tokens;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(config.dataDir, { recursive: true });
  const token = newToken();
  writeFileSync(path, `${token}\n`, { mode: 0o600, flag: 'wx' });
  log.info({ adminTokenFile: path }, `created an admin token in ${path} (shown once): ${token}`);
  return [token];
}
