// Where admin tokens come from: TMC_ADMIN_TOKEN, --admin-token-file, or, when neither is
// configured, a random token the server creates once in its data directory (mode 0600). A
// token is never logged: the log names the file it is in.
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { ADMIN_TOKEN_MIN_LENGTH, ConfigError, type ServerConfig } from './config.js';
import { makePrivateDir } from './lib/private-files.js';

export const GENERATED_TOKEN_FILE = 'admin-token';

export const newToken = (): string => randomBytes(32).toString('base64url');

/**
 * One token per non-empty line, so a file can hold a new token beside the old during rotation.
 * The rules of TMC_ADMIN_TOKEN apply to each, and a file other users can read is refused: its
 * tokens must be taken as already known. Errors name the file and line, never a token.
 */
function readTokenFile(path: string): string[] {
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    const octal = mode.toString(8).padStart(4, '0');
    throw new ConfigError(`the admin token file ${path} is open to other users (mode ${octal}): chmod 600 it`);
  }
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n').map((line, index) => ({ token: line.trim(), number: index + 1 }));
  const tokens = lines.filter(({ token }) => token.length > 0 && !token.startsWith('#'));
  if (tokens.length === 0) {
    throw new ConfigError(`the admin token file ${path} holds no token: put one token per line in it`);
  }
  const short = tokens.find(({ token }) => token.length < ADMIN_TOKEN_MIN_LENGTH);
  if (short) {
    const rule = `admin tokens need at least ${ADMIN_TOKEN_MIN_LENGTH} characters, as in TMC_ADMIN_TOKEN`;
    throw new ConfigError(`the admin token on line ${short.number} of ${path} is too short: ${rule}`);
  }
  return tokens.map(({ token }) => token);
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
  makePrivateDir(config.dataDir);
  const token = newToken();
  writeFileSync(path, `${token}\n`, { mode: 0o600, flag: 'wx' });
  log.info({ adminTokenFile: path }, `created an admin token in ${path}: read it from there`);
  return [token];
}
