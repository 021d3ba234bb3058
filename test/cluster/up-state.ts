// The well-known file through which `cluster:down` finds the cluster `cluster:up` started
// (and `kcp:down` the kcp of `kcp:up`, in a file of its own).
// It lives in the binary cache root: one per user, outside any checkout, and it survives
// the npm process that ran `cluster:up`.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot } from './binaries.js';

export interface UpRecord {
  dir: string;
  kubeconfigPath: string;
  server: string;
}

export const upRecordPath = (name = 'up.json'): string => join(cacheRoot(), name);

export function readUpRecord(name?: string): UpRecord | undefined {
  const file = upRecordPath(name);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as UpRecord;
}

export function writeUpRecord(record: UpRecord, name?: string): void {
  mkdirSync(cacheRoot(), { recursive: true });
  writeFileSync(upRecordPath(name), `${JSON.stringify(record, null, 2)}\n`);
}

export function removeUpRecord(name?: string): void {
  rmSync(upRecordPath(name), { force: true });
}
