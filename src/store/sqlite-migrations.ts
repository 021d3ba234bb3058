// Ordered schema migrations for the SQLite store. Append only: a released migration never
// changes, so every data directory upgrades along the same path.
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
];
