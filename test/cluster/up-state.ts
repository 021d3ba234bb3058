// The well-known file through which `cluster:down` finds the cluster `cluster:up` started.
// It lives in the binary cache root: one per user, outside any checkout, and it survives
// the npm process that ran `cluster:up`.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { cacheRoot } from './binaries.js'

export interface UpRecord {
  dir: string
  kubeconfigPath: string
  server: string
}

export const upRecordPath = (): string => join(cacheRoot(), 'up.json')

export function readUpRecord(): UpRecord | undefined {
  const file = upRecordPath()
  if (!existsSync(file)) return undefined
  return JSON.parse(readFileSync(file, 'utf8')) as UpRecord
}

export function writeUpRecord(record: UpRecord): void {
  mkdirSync(cacheRoot(), { recursive: true })
  writeFileSync(upRecordPath(), JSON.stringify(record, null, 2) + '\n')
}

export function removeUpRecord(): void {
  rmSync(upRecordPath(), { force: true })
}
