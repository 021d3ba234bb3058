// Ordered schema migrations for the SQLite store. Append only: a released migration never
// changes, so every data directory upgrades along the same path.
import type Database from 'better-sqlite3';

export const SQLITE_MIGRATIONS: readonly string[] = [
  `CREATE TABLE objects (
     kind TEXT NOT NULL,
     namespace TEXT NOT NULL,
     name TEXT NOT NULL,
     resource_version INTEGER NOT NULL,
     body TEXT NOT NULL,
     PRIMARY KEY (kind, namespace, name)
   ) WITHOUT ROWID;
   CREATE TABLE changes (
     resource_version INTEGER PRIMARY KEY AUTOINCREMENT,
     type TEXT NOT NULL,
     kind TEXT NOT NULL,
     namespace TEXT NOT NULL,
     name TEXT NOT NULL,
     body TEXT NOT NULL
   );`,
  // Agent token hashes and batched heartbeat times: side data that bypasses the change feed.
  `CREATE TABLE agent_tokens (
     hash TEXT PRIMARY KEY,
     sync_target TEXT NOT NULL,
     sync_target_uid TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     expires_at INTEGER
   ) WITHOUT ROWID;
   CREATE INDEX agent_tokens_by_uid ON agent_tokens (sync_target_uid);
   CREATE TABLE synctarget_heartbeats (
     name TEXT PRIMARY KEY,
     uid TEXT NOT NULL,
     time INTEGER NOT NULL
   ) WITHOUT ROWID;`,
  // The entries of an object placed on many targets, a row each (see ../entries-apart.ts):
  // entries holds their count on an object (and a change) whose entries are kept apart; an
  // entry's resource_version is that of the write that last changed it.
  `ALTER TABLE objects ADD COLUMN entries INTEGER;
   ALTER TABLE changes ADD COLUMN entries INTEGER;
   CREATE TABLE object_entries (
     kind TEXT NOT NULL,
     namespace TEXT NOT NULL,
     name TEXT NOT NULL,
     target TEXT NOT NULL,
     resource_version INTEGER NOT NULL,
     body TEXT NOT NULL,
     PRIMARY KEY (kind, namespace, name, target)
   ) WITHOUT ROWID;`,
];

/** Applies the migrations not yet recorded, all in one immediate transaction. */
export function migrateSqlite(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations').get() as { v: number };
  const upgrade = db.transaction(() => {
    SQLITE_MIGRATIONS.forEach((sql, index) => {
      const version = index + 1;
      if (version <= applied.v) return;
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(
        version,
        new Date().toISOString(),
      );
    });
  });
  upgrade.immediate();
}
