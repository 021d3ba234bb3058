// Chooses the store from the configuration: PostgreSQL for a postgres:// URL, otherwise a
// SQLite file in the data directory.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { ServerConfig } from '../config.js';
import { SqliteStore } from './sqlite.js';
import type { Store } from './types.js';

export const SQLITE_FILE = 'tmc.db';

export async function openStore(config: ServerConfig, log: FastifyBaseLogger): Promise<Store> {
  const onListenerError = (error: unknown) => log.error({ err: error }, 'a change listener failed');
  if (config.databaseUrl) {
    throw new Error('PostgreSQL is not available in this build yet: leave --database-url unset to use SQLite');
  }
  mkdirSync(config.dataDir, { recursive: true });
  const file = join(config.dataDir, SQLITE_FILE);
  log.info({ store: 'sqlite', file }, 'opening the store');
  return new SqliteStore(file, { onListenerError });
}
