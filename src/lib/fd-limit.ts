// How many connections the process can hold before `accept` would fail for want of a file
// descriptor. Node has no getrlimit; Linux shows the limit in /proc. Elsewhere nothing is known
// and no cap is derived (the operating system's own refusal stays the last resort).
import { readFileSync, readdirSync } from 'node:fs';

/** The soft limit on open files, or undefined when the system does not say. */
export function openFileLimit(limitsText = readOrEmpty('/proc/self/limits')): number | undefined {
  const match = /^Max open files\s+(\d+|unlimited)\s/m.exec(limitsText);
  if (!match || match[1] === 'unlimited') return undefined;
  return Number(match[1]);
}

/** Descriptors open now (the store, logs, the listening socket), or 0 when the system does not say. */
export function openFileCount(): number {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return 0;
  }
}

/**
 * The connections to accept before answering new ones 503: the limit less what is open already
 * and a reserve for what opens later (store connections, files, the 503 answers themselves).
 * 0 means no cap.
 */
export function connectionCap(limit: number | undefined, open: number): number {
  if (limit === undefined) return 0;
  const reserve = Math.max(64, Math.ceil(limit / 10));
  return Math.max(1, limit - open - reserve);
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
