// The memory the process may use before the kernel kills it: a container's cgroup limit (v2's
// memory.max, v1's memory.limit_in_bytes). Elsewhere, or with no limit set, nothing is known and
// only the V8 heap's own limit guards the server (runtime/memory-pressure.ts).
import { readFileSync } from 'node:fs';

const CGROUP_FILES = ['/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes'];
// cgroup v1 writes "no limit" as a huge number, not as "max".
const NO_LIMIT = 2 ** 60;

/** The limit in bytes a cgroup file states, or undefined for none ("max", unreadable, absurdly large). */
export function cgroupMemoryLimit(
  texts: (string | undefined)[] = CGROUP_FILES.map(readOrUndefined),
): number | undefined {
  for (const text of texts) {
    const value = text?.trim();
    if (!value || !/^\d+$/.test(value)) continue;
    const bytes = Number(value);
    return bytes > 0 && bytes < NO_LIMIT ? bytes : undefined;
  }
  return undefined;
}

/** Where new connections are refused: nine tenths of the limit, leaving room for those already open. */
export const rssCeiling = (limit: number | undefined): number | undefined =>
  limit === undefined ? undefined : Math.floor(limit * 0.9);

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
