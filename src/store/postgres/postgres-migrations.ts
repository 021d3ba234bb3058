// Ordered schema migrations for the PostgreSQL store, and the runner that applies them. Append
// only: a released migration never changes. Text columns that are sorted or compared use the
// "C" collation so that list order and continue tokens match SQLite's byte order exactly.
import type pg from 'pg';
import { MIGRATION_LOCK } from './postgres-locks.js';
import { CREATE_WRITE_FUNCTION } from './postgres-write-function.js';
import { CREATE_ENTRIES } from './postgres-write-entries.js';

export const POSTGRES_MIGRATIONS: readonly string[] = [
  `CREATE TABLE objects (
     kind text COLLATE "C" NOT NULL,
     namespace text COLLATE "C" NOT NULL,
     name text COLLATE "C" NOT NULL,
     resource_version bigint NOT NULL,
     body text NOT NULL,
     PRIMARY KEY (kind, namespace, name)
   );
   CREATE TABLE changes (
     resource_version bigint PRIMARY KEY,
     type text NOT NULL,
     kind text NOT NULL,
     namespace text NOT NULL,
     name text NOT NULL,
     body text NOT NULL
   );
   -- The last resourceVersion handed out. Every write updates this one row first, and its row
   -- lock lines writers up so that versions commit in the order they were assigned.
   CREATE TABLE resource_version (
     singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
     value bigint NOT NULL
   );
   INSERT INTO resource_version (value) VALUES (0);`,
  // Agent token hashes and batched heartbeat times: side data that bypasses the change feed.
  `CREATE TABLE agent_tokens (
     hash text PRIMARY KEY,
     sync_target text NOT NULL,
     sync_target_uid text NOT NULL,
     created_at bigint NOT NULL,
     expires_at bigint
   );
   CREATE INDEX agent_tokens_by_uid ON agent_tokens (sync_target_uid);
   CREATE TABLE synctarget_heartbeats (
     name text PRIMARY KEY,
     uid text NOT NULL,
     time bigint NOT NULL
   );`,
  CREATE_WRITE_FUNCTION,
  // Which replica holds each agent's reverse tunnel, so the others can pass its proxy requests on.
  `CREATE TABLE agent_tunnels (
     sync_target text PRIMARY KEY,
     sync_target_uid text NOT NULL,
     peer_url text NOT NULL,
     connected_at bigint NOT NULL
   );
   CREATE INDEX agent_tunnels_by_peer ON agent_tunnels (peer_url);`,
  // The entries of objects placed on many targets, a row each, and the write function that keeps them.
  CREATE_ENTRIES,
];

/**
 * Applies the missing migrations in one transaction under a transaction-level advisory lock:
 * replicas starting together queue on the lock, and each finds the work done by the first.
 */
export async function migratePostgres(client: pg.ClientBase): Promise<void> {
  // READ COMMITTED whatever the database's default: after waiting for the lock, the version
  // read must see what the migrator before this one committed.
  await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [MIGRATION_LOCK.classId, MIGRATION_LOCK.objectId]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const { rows } = await client.query<{ version: number }>(
      'SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations',
    );
    const applied = rows[0]?.version ?? 0;
    for (const [index, sql] of POSTGRES_MIGRATIONS.entries()) {
      const version = index + 1;
      if (version <= applied) continue;
      await client.query(sql);
      await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
