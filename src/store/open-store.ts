// Chooses the store from the configuration: PostgreSQL for a postgres:// URL, otherwise a
// SQLite file in the data directory; and the leader election and tunnel directory that go with it.
import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { ServerConfig } from '../config.js';
import { makePrivateDir } from '../lib/private-files.js';
import { redactUrl } from '../lib/redact.js';
import { baseStore } from './encrypting-store.js';
import { AlwaysLeader, type LeaderElector } from './leader-election.js';
import { PostgresLeaderElector } from './postgres/leader-election-postgres.js';
import { PostgresStore } from './postgres/postgres.js';
import { PostgresTunnelDirectory } from './postgres/tunnel-directory-postgres.js';
import { SqliteStore } from './sqlite/sqlite.js';
import { type TunnelDirectory, noTunnelDirectory } from './tunnel-directory.js';
import type { Store } from './types.js';

export const SQLITE_FILE = 'tmc.db';

export async function openStore(config: ServerConfig, log: FastifyBaseLogger): Promise<Store> {
  const onListenerError = (error: unknown) => log.error({ err: error }, 'a change listener failed');
  if (config.databaseUrl) {
    log.info({ store: 'postgres', database: redactUrl(config.databaseUrl) }, 'opening the store');
    return new PostgresStore(config.databaseUrl, { log });
  }
  makePrivateDir(config.dataDir);
  const file = join(config.dataDir, SQLITE_FILE);
  log.info({ store: 'sqlite', file }, 'opening the store');
  return new SqliteStore(file, { onListenerError });
}

/** Replicas on one PostgreSQL database elect a leader; a SQLite store has one process, always the leader. */
export function openLeaderElector(store: Store, log: FastifyBaseLogger): LeaderElector {
  const electionLog = log.child({ component: 'leader-election' });
  const base = baseStore(store);
  return base instanceof PostgresStore
    ? new PostgresLeaderElector(base.connectionString, electionLog)
    : new AlwaysLeader(electionLog);
}

/** Replicas given a --peer-url record their agents' tunnels; a lone server needs no directory. */
export function openTunnelDirectory(
  store: Store,
  peerUrl: string | undefined,
  log: FastifyBaseLogger,
): TunnelDirectory {
  const base = baseStore(store);
  return base instanceof PostgresStore && peerUrl
    ? new PostgresTunnelDirectory(base.connectionString, peerUrl, log.child({ component: 'tunnel-directory' }))
    : noTunnelDirectory;
}
