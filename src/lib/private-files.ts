// Files that hold secrets or the whole store (the SQLite database and its WAL, the generated
// admin token) are for the server's user alone, whatever the umask: directories 0700, files 0600.
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';

/** Creates the directory and any missing parents 0700; an existing one is left as its owner made it. */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** Creates the file 0600 when missing; narrows it and the companions that exist to 0600 when others can open them. */
export function makePrivateFile(path: string, companions: string[] = []): void {
  closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, ...companions]) narrowToOwner(file);
}

/** Narrows an existing file to 0600 when other users can open it; a missing file is fine. */
function narrowToOwner(path: string): void {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if ((mode & 0o077) !== 0) chmodSync(path, 0o600);
}
