// Opening the SQLite database file: private to the server's user, in WAL mode, fully synced, and
// waiting on a lock held by another connection rather than failing at once.
import Database from 'better-sqlite3';
import { makePrivateFile } from '../../lib/private-files.js';

export function openSqliteDatabase(file: string): Database.Database {
  // SQLite creates its WAL and shared-memory files with the database file's mode; older ones are narrowed.
  if (file !== ':memory:') makePrivateFile(file, [`${file}-wal`, `${file}-shm`]);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  return db;
}
