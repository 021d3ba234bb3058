// The pg_dump binary to dump a test database with: the newest of the installed versions (a dump
// by an older pg_dump than the server is refused), or the one on /usr/bin.
import { existsSync, readdirSync } from 'node:fs';

export function pgDumpBinary(): string | undefined {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const found = [...versions.map((v) => `${root}/${v}/bin/pg_dump`), '/usr/bin/pg_dump'].find((p) => existsSync(p));
  return found;
}
